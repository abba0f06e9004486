using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace SupportBot.Instances.Tests.Support;

/// <summary>A self-signed TLS certificate for 127.0.0.1: the load balancer's, which the fake Bot API is told to trust.</summary>
internal static class LoopbackCertificate
{
    public static X509Certificate2 Create()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false)); // server authentication

        // Trusted by its fingerprint, so its dates never matter: fixed ones, not today's.
        var notBefore = TestClock.Epoch.AddYears(-10);
        using var certificate = request.CreateSelfSigned(notBefore, notBefore.AddYears(50));

        // Through PKCS#12, so that Kestrel gets a private key it can use.
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
    }
}
