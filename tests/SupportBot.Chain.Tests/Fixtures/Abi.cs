using System.Globalization;
using System.Numerics;
using System.Text;

namespace SupportBot.Chain.Tests.Fixtures;

/// <summary>One argument for <see cref="Abi.Encode"/>: a static 32-byte word or a dynamic string.</summary>
public sealed class AbiValue
{
    private AbiValue(string head, string? tail)
    {
        Head = head;
        Tail = tail;
    }

    /// <summary>The 64 hex digits of a static value; empty for a dynamic one.</summary>
    internal string Head { get; }

    /// <summary>Length word plus padded bytes of a dynamic value; null for a static one.</summary>
    internal string? Tail { get; }

    public static AbiValue Uint(BigInteger value) => new(Abi.Word(value), null);

    public static AbiValue Address(string address) => new(Abi.AddressWord(address), null);

    public static AbiValue Text(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var bytes = Encoding.UTF8.GetBytes(value);
        var hex = Convert.ToHexStringLower(bytes);
        var padded = hex.PadRight((bytes.Length + 31) / 32 * 64, '0');
        return new AbiValue("", Abi.Word(bytes.Length) + padded);
    }
}

/// <summary>
/// Just enough Solidity ABI encoding to set tests up: constructor arguments and token calls.
/// Selectors are the ones <c>Contracts/compile.js</c> records in <c>TestContracts.json</c>.
/// </summary>
public static class Abi
{
    public const string TransferSelector = "0xa9059cbb";      // transfer(address,uint256)
    public const string BalanceOfSelector = "0x70a08231";     // balanceOf(address)
    public const string NameSelector = "0x06fdde03";          // name()
    public const string SymbolSelector = "0x95d89b41";        // symbol()
    public const string DecimalsSelector = "0x313ce567";      // decimals()

    /// <summary>Encodes the arguments as a tuple, without a <c>0x</c> prefix (to append to code or a selector).</summary>
    public static string Encode(params AbiValue[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var heads = new StringBuilder();
        var tails = new StringBuilder();
        var headBytes = 32 * values.Length;
        foreach (var value in values)
        {
            if (value.Tail is null)
            {
                heads.Append(value.Head);
            }
            else
            {
                heads.Append(Word(headBytes + tails.Length / 2));
                tails.Append(value.Tail);
            }
        }

        return heads.Append(tails).ToString();
    }

    /// <summary>Call data: a 4-byte selector (<c>0x…</c>) followed by the encoded arguments.</summary>
    public static string Call(string selector, params AbiValue[] values) => selector + Encode(values);

    public static string Transfer(string to, BigInteger amount) =>
        Call(TransferSelector, AbiValue.Address(to), AbiValue.Uint(amount));

    public static string BalanceOf(string owner) => Call(BalanceOfSelector, AbiValue.Address(owner));

    /// <summary>A uint256 as 64 hex digits.</summary>
    public static string Word(BigInteger value)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(value);
        var digits = value.ToString("x", CultureInfo.InvariantCulture).TrimStart('0');
        if (digits.Length > 64)
        {
            throw new ArgumentOutOfRangeException(nameof(value), "Does not fit in 256 bits.");
        }

        return digits.PadLeft(64, '0');
    }

    /// <summary>An address left-padded to 64 hex digits.</summary>
    public static string AddressWord(string address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var digits = address.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? address[2..] : address;
        if (digits.Length != 40 || !digits.All(char.IsAsciiHexDigit))
        {
            throw new ArgumentException($"Not a 20-byte hex address: {address}", nameof(address));
        }

        return digits.ToLowerInvariant().PadLeft(64, '0');
    }

    /// <summary>Reads a 32-byte word of <c>eth_call</c> output as an unsigned number.</summary>
    public static BigInteger DecodeUint(string output)
    {
        ArgumentNullException.ThrowIfNull(output);
        return Hex.ParseQuantity(output);
    }
}
