using System.Text.Json.Nodes;
using SupportBot.Discord.Rest;
using SupportBot.Discord.Tests.Rest;

namespace SupportBot.Discord.Tests.OpenApi;

/// <summary>The fake Discord checks request bodies against Discord's OpenAPI description, and says so when one breaks it.</summary>
public sealed class DiscordOpenApiTests
{
    [Fact]
    public async Task ModalTitleOverDiscordsLimit_RefusedAndRecordedAsViolation()
    {
        await using var h = await RestHarness.StartAsync();
        h.Fake.SchemaViolationsExpected = true;
        var modal = new JsonObject
        {
            ["type"] = 9,
            ["data"] = new JsonObject
            {
                ["custom_id"] = "modal:submit",
                ["title"] = new string('x', 46),
                ["components"] = new JsonArray(new JsonObject
                {
                    ["type"] = 18, ["label"] = "Hash",
                    ["component"] = new JsonObject { ["type"] = 4, ["custom_id"] = "value", ["style"] = 1 },
                }),
            },
        };

        await Assert.ThrowsAsync<DiscordRestException>(() => h.Rest.CreateInteractionResponseAsync(1, "tok", modal));

        var violation = Assert.Single(h.Fake.SchemaViolations);
        Assert.Contains("/interactions/{interaction_id}/{interaction_token}/callback", violation, StringComparison.Ordinal);
        Assert.Contains("/data/title", violation, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MessageWithFlagsAsText_RefusedAsViolation()
    {
        await using var h = await RestHarness.StartAsync();
        h.Fake.SchemaViolationsExpected = true;

        await Assert.ThrowsAsync<DiscordRestException>(() => h.Rest.CreateMessageAsync(42, new JsonObject { ["content"] = "hi", ["flags"] = "4" }));

        Assert.Contains("/flags", Assert.Single(h.Fake.SchemaViolations), StringComparison.Ordinal);
    }

    /// <summary>
    /// The OpenAPI document types <c>default_member_permissions</c> as an integer; Discord's prose documentation (the
    /// application command object, topics/permissions.mdx) says permission sets are decimal strings, and that is what we
    /// send. The check follows the prose: the string is validated as the number it spells.
    /// </summary>
    [Fact]
    public void Commands_DefaultMemberPermissionsAsDecimalString_AcceptedAsTheProseDocsSay()
    {
        var commands = new JsonArray(new JsonObject { ["name"] = "lookup", ["description"] = "Find", ["default_member_permissions"] = "8192" });
        var notANumber = new JsonArray(new JsonObject { ["name"] = "lookup", ["description"] = "Find", ["default_member_permissions"] = "manage" });

        Assert.Empty(DiscordOpenApi.Check("PUT", "/applications/{application_id}/commands", commands));
        Assert.NotEmpty(DiscordOpenApi.Check("PUT", "/applications/{application_id}/commands", notANumber));
    }
}
