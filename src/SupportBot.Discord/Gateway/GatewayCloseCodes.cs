namespace SupportBot.Discord.Gateway;

/// <summary>What a gateway close code means for the next connection.</summary>
internal enum CloseAction
{
    Resume,
    NewSession,
    Fatal,
}

/// <summary>Gateway close codes and what to do about each.</summary>
internal static class GatewayCloseCodes
{
    /// <summary>The code the client closes with when it wants to resume; 1000/1001 would end the session.</summary>
    public const int ResumeLater = 4200;

    public const int NormalClosure = 1000;

    public static CloseAction Classify(int? code) => code switch
    {
        4004 or 4010 or 4011 or 4012 or 4013 or 4014 => CloseAction.Fatal,
        4007 or 4009 => CloseAction.NewSession,
        // 4000–4003, 4005, 4008, no code, a dropped connection, and anything else: try to resume. If the session
        // is gone after all, the gateway answers op 9 false and the client identifies.
        _ => CloseAction.Resume,
    };

    public static string Name(int code) => code switch
    {
        4000 => "Unknown error",
        4001 => "Unknown opcode",
        4002 => "Decode error",
        4003 => "Not authenticated",
        4004 => "Authentication failed",
        4005 => "Already authenticated",
        4007 => "Invalid seq",
        4008 => "Rate limited",
        4009 => "Session timed out",
        4010 => "Invalid shard",
        4011 => "Sharding required",
        4012 => "Invalid API version",
        4013 => "Invalid intent(s)",
        4014 => "Disallowed intent(s)",
        _ => "",
    };

    public static string FatalHint(int code) => code switch
    {
        4004 => "the bot token is invalid. Set Discord:Token (SUPPORTBOT_Discord__Token) to the token from the Developer Portal → Bot, resetting it there if it may have leaked.",
        4010 => "the shard id or count is invalid. Use an id in [0, count) and the shard count from GET /gateway/bot.",
        4011 => "the bot is in too many guilds for one shard. Run more shards (Discord:ShardCount, at least the 'shards' value from GET /gateway/bot).",
        4012 => "the gateway API version is not accepted. This client speaks v10 (?v=10&encoding=json); check the gateway URL.",
        4013 => "the intents value has a bit Discord does not know. Build it from the GatewayIntents constants.",
        4014 => "a privileged intent (MESSAGE_CONTENT or SERVER MEMBERS) is not enabled for this bot. Enable it in the Developer Portal → Bot → Privileged Gateway Intents, or turn off Discord:MessageContentIntent / Discord:GuildMembersIntent.",
        _ => "the gateway refused the connection.",
    };
}
