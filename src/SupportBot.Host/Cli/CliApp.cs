using System.CommandLine;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using SupportBot.Core.Content;
using SupportBot.Core.Conversations;
using SupportBot.Core.Lookup;
using SupportBot.Core.Messages;
using SupportBot.Core.Triage;
using SupportBot.Host.Composition;
using SupportBot.Host.Console;
using SupportBot.Host.Operations;
using SupportBot.Host.Web;
using SupportBot.Discord;
using SupportBot.Discord.Interactions;
using SupportBot.Telegram;

namespace SupportBot.Host.Cli;

/// <summary>
/// The command line: <c>chat</c> (the default), <c>triage</c>, <c>lookup</c>, <c>validate-content</c>, <c>eval</c>, <c>stats</c>.
/// Exit codes: 0 success, 1 invalid content, 2 invalid configuration, 3 a lookup query that is not a hash or address.
/// </summary>
public static class CliApp
{
    public const int ContentInvalid = 1;
    public const int ConfigurationInvalid = 2;

    /// <summary>Runs one command line; the streams stand for the terminal, so tests drive it in-process.</summary>
    /// <param name="args">The command line.</param>
    /// <param name="input">Standard input.</param>
    /// <param name="output">Standard output.</param>
    /// <param name="error">Standard error.</param>
    /// <param name="configuration">Settings that win over appsettings.json and the environment.</param>
    /// <param name="clock">The clock every service of the host uses; the system clock when null (tests pass their own).</param>
    /// <param name="cancellationToken">Stops the command as Ctrl+C does (tests stop <c>serve</c> with it).</param>
    public static async Task<int> RunAsync(string[] args, TextReader input, TextWriter output, TextWriter error,
        IEnumerable<KeyValuePair<string, string?>>? configuration = null, TimeProvider? clock = null, CancellationToken cancellationToken = default)
    {
        var root = new RootCommand("SupportBot — helps MetaMask users move funds between Binance and BNB Chain safely.");

        var user = new Option<string>("--user") { Description = "Conversation id of the local user", DefaultValueFactory = _ => "local" };
        var language = new Option<string?>("--language") { Description = "Reply language for a new conversation: en or ru (default: from LANG)" };
        var width = new Option<int?>("--width") { Description = "Wrap replies at this many columns (default: the terminal's width; output into a file or pipe is not wrapped)" };
        var color = new Option<bool>("--color") { Description = "Bold and coloured warnings even when the output is not a terminal" };
        var chat = new Command("chat", "Talk to the bot in this terminal (works offline, no tokens needed)") { user, language, width, color };
        Func<ParseResult, CancellationToken, Task<int>> runChat = (parse, ct) => WithHost(configuration, clock, error, ct, LogToFile, async (services, token) =>
        {
            var chatHost = services.GetRequiredService<IHost>();
            await chatHost.StartAsync(token);
            var terminal = ReferenceEquals(output, System.Console.Out) && !System.Console.IsOutputRedirected;
            var columns = parse.GetValue(width);
            var renderer = new ConsoleRenderer(ansi: terminal || parse.GetValue(color),
                columns is > 0 ? () => columns : terminal ? TerminalWidth : null);
            await new ConsoleChat(services.GetRequiredService<ConversationEngine>(), ConsoleInput.For(input), output, renderer, services.GetService<SupportBot.Core.Scams.ScamGuard>())
                .RunAsync(parse.GetValue(user)!, parse.GetValue(language) ?? LocaleFromEnvironment(), token);
            await chatHost.StopAsync(CancellationToken.None);
            return 0;
        });
        chat.SetAction(runChat);

        var text = new Argument<string[]>("text")
        {
            Description = "The message to triage: every word after the options, even one starting with - or @",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var json = new Option<bool>("--json") { Description = "Print one JSON object" };
        var stdin = new Option<bool>("--stdin") { Description = "Triage each line of standard input; print one JSON object per line" };
        var triage = new Command("triage", "Show how the bot reads a message: scenario, language, entities, secrets") { text, json, stdin };
        triage.Validators.Add(result =>
        {
            var hasText = result.GetValue(text) is { Length: > 0 };
            if (hasText == result.GetValue(stdin))
            {
                result.AddError(hasText
                    ? "Give either a message or --stdin, not both."
                    : "Give the message to triage, or --stdin to triage each line of standard input.");
            }
        });
        triage.SetAction((parse, ct) => WithHost(configuration, clock, error, ct, LogToStandardError, async (services, token) =>
        {
            var service = services.GetRequiredService<TriageService>();
            if (parse.GetValue(stdin))
            {
                await TriageBatch.RunAsync(service, input, output, token);
                return 0;
            }

            var result = service.Analyze(string.Join(' ', parse.GetValue(text) ?? []));
            await output.WriteLineAsync(parse.GetValue(json) ? TriageJson.Write(result) : Describe(result));
            return 0;
        }));

        var query = new Argument<string>("query") { Description = "A transaction hash (0x + 64 hex) or an address (0x + 40 hex)" };
        var lookupJson = new Option<bool>("--json") { Description = "Print one JSON object" };
        var lookupLanguage = new Option<string>("--language") { Description = "Language of the report: en or ru", DefaultValueFactory = _ => "en" };
        var lookup = new Command("lookup", "Find which network(s) a transaction or address is on, with status and token details") { query, lookupJson, lookupLanguage };
        lookup.SetAction((parse, ct) => WithHost(configuration, clock, error, ct, LogToStandardError, (services, token) =>
            LookupAsync(services, parse.GetValue(query) ?? "", parse.GetValue(lookupJson), parse.GetValue(lookupLanguage) ?? "en", output, token)));

        var path = new Option<string?>("--path") { Description = "Content folder (default: the configured one)" };
        var validate = new Command("validate-content", "Check every file under content/ and report errors with file and line") { path };
        validate.SetAction(async (parse, ct) =>
        {
            var folder = parse.GetValue(path) ?? BindContentOptions(configuration).Resolve();
            var errors = ContentCatalog.Validate(folder);
            foreach (var problem in errors)
            {
                await error.WriteLineAsync(problem.ToString());
            }

            if (errors.Count > 0)
            {
                await error.WriteLineAsync($"{errors.Count} error(s) in {folder}");
                return ContentInvalid;
            }

            await output.WriteLineAsync($"Content OK: {folder}");
            return 0;
        });

        var evalFile = new Argument<string>("file") { Description = "Labelled messages, one JSON object per line: {\"text\", \"intent\", \"scenario\", \"language\", \"networks\"}; - for standard input" };
        var evalJson = new Option<bool>("--json") { Description = "Print one JSON object instead of the table" };
        var evaluate = new Command("eval", "Measure routing on a labelled set: accuracy per language and intent, confusion, clarifying questions") { evalFile, evalJson };
        evaluate.SetAction((parse, ct) => WithHost(configuration, clock, error, ct, LogToStandardError, (services, token) =>
            EvaluationCommand.RunAsync(services.GetRequiredService<TriageService>(), parse.GetValue(evalFile) ?? "-", parse.GetValue(evalJson), input, output, error)));

        var statsFrom = new Option<string?>("--from") { Description = "Start of the period (a date or time, UTC unless stated); default: 30 days before --to" };
        var statsTo = new Option<string?>("--to") { Description = "End of the period, exclusive (a date or time, UTC unless stated); default: now" };
        var statsJson = new Option<bool>("--json") { Description = "Print one JSON object instead of the table" };
        var stats = new Command("stats", "Support figures over a period: conversations per scenario and intent, solved, escalated, tickets, ratings, not understood")
            { statsFrom, statsTo, statsJson };
        stats.SetAction((parse, ct) => WithHost(configuration, clock, error, ct, LogToStandardError, (services, token) =>
            StatsCommand.RunAsync(services, parse.GetValue(statsFrom), parse.GetValue(statsTo), parse.GetValue(statsJson), output, error, token)));

        var serve = new Command("serve", "Run the configured chat channels (Telegram, Discord) until stopped");
        serve.SetAction((_, ct) => ServeAsync(configuration, clock, error, ct));

        root.Subcommands.Add(chat);
        root.Subcommands.Add(serve);
        root.Subcommands.Add(triage);
        root.Subcommands.Add(validate);
        root.Subcommands.Add(lookup);
        root.Subcommands.Add(evaluate);
        root.Subcommands.Add(stats);
        root.Options.Add(user);
        root.Options.Add(language);
        // With a channel configured the bot serves it; without, the console chat is the bot.
        root.SetAction((parse, ct) => ChannelConfigured(configuration) ? ServeAsync(configuration, clock, error, ct) : runChat(parse, ct));

        // No response files: a word starting with @ (a Discord mention, a Telegram username) is itself, not a file of arguments.
        var parsed = root.Parse(MessageAfterOptions(args, triage, root), new ParserConfiguration { ResponseFileTokenReplacer = null });
        return await parsed.InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, cancellationToken);
    }

    /// <summary>
    /// For <c>triage</c>, everything after its options is the message: a <c>--</c> goes before the first word that is
    /// not one of them, so "-5 usdt missing" or "-- is this safe?" are words, not options.
    /// </summary>
    private static string[] MessageAfterOptions(string[] args, Command triage, RootCommand root)
    {
        if (args.Length == 0 || args[0] != triage.Name)
        {
            return args;
        }

        var optionNames = triage.Options.Concat(root.Options.Where(o => o.Recursive))
            .SelectMany(o => o.Aliases.Append(o.Name))
            .ToHashSet(StringComparer.Ordinal);
        var first = 1;
        while (first < args.Length && optionNames.Contains(args[first]))
        {
            first++;
        }

        return first == args.Length || args[first] == "--" ? args : [.. args[..first], "--", .. args[first..]];
    }

    private static bool ChannelConfigured(IEnumerable<KeyValuePair<string, string?>>? overrides) =>
        Bind<TelegramOptions>(overrides, TelegramOptions.Section).Enabled || Bind<DiscordOptions>(overrides, DiscordOptions.Section).Enabled;

    /// <summary>
    /// Runs the channels until Ctrl+C: on the generic host, or on a web host when one receives HTTP (webhook,
    /// interactions), <c>Web:Enabled</c> asks for the health probes and metrics, or <c>Web:PublicBaseUrl</c> for the fix
    /// page; every web host serves all three.
    /// </summary>
    private static async Task<int> ServeAsync(IEnumerable<KeyValuePair<string, string?>>? configuration, TimeProvider? clock, TextWriter error, CancellationToken cancellationToken)
    {
        var telegram = Bind<TelegramOptions>(configuration, TelegramOptions.Section);
        var discord = Bind<DiscordOptions>(configuration, DiscordOptions.Section);
        var webOptions = Bind<WebOptions>(configuration, WebOptions.Section);
        var fixPage = !string.IsNullOrWhiteSpace(Bind<SupportBot.Core.Fix.FixLinkOptions>(configuration, SupportBot.Core.Fix.FixLinkOptions.Section).PublicBaseUrl);
        if (!telegram.Enabled && !discord.Enabled)
        {
            await error.WriteLineAsync("No channel is configured: set SUPPORTBOT_Telegram__Token or SUPPORTBOT_Discord__Token (see README), or talk to the bot with `chat`.");
            return ConfigurationInvalid;
        }

        void AddChannels(IServiceCollection services)
        {
            if (telegram.Enabled)
            {
                services.AddTelegramChannel(telegram);
            }

            if (discord.Enabled)
            {
                services.AddDiscordChannel();
            }
        }

        var (host, exitCode) = await StartUpAsync(() =>
        {
            if (telegram is { Enabled: true, Mode: TelegramMode.Webhook } || discord is { Enabled: true, InteractionsOverHttp: true } || webOptions.Enabled || fixPage)
            {
                var web = ServiceSetup.CreateWebBuilder(configuration, clock);
                LogToStandardError(web.Logging, web.Configuration);
                AddChannels(web.Services);
                var app = web.Build();
                app.MapOperations(webOptions);
                app.MapFixPage();
                if (telegram is { Enabled: true, Mode: TelegramMode.Webhook })
                {
                    app.MapTelegramWebhook();
                }

                if (discord is { Enabled: true, InteractionsOverHttp: true })
                {
                    app.MapDiscordInteractions(discord.InteractionsPath, discord.PublicKey!);
                }

                return app;
            }

            var builder = ServiceSetup.CreateBuilder(configuration, clock);
            LogToStandardError(builder.Logging, builder.Configuration);
            AddChannels(builder.Services);
            return builder.Build();
        }, error, cancellationToken, waitForSharedStore: true);
        if (host is null)
        {
            return exitCode;
        }

        using (host)
        {
            try
            {
                // Taken before the run: RunAsync disposes the host's services when it ends.
                var discordStatus = host.Services.GetService<DiscordChannelStatus>();
                await host.RunAsync(cancellationToken);
                if (discordStatus?.FatalError is { } discordError)
                {
                    await error.WriteLineAsync("SupportBot stopped: " + discordError);
                    return ConfigurationInvalid;
                }
            }
            catch (global::Telegram.Bot.Exceptions.ApiRequestException ex) when (ex.ErrorCode is 401 or 404)
            {
                await error.WriteLineAsync("SupportBot cannot start: Telegram rejected Telegram:Token (" + ex.Message + ")");
                return ConfigurationInvalid;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Stopped (Ctrl+C) while still starting.
            }
        }

        return 0;
    }

    /// <summary>Builds and validates the host, runs <paramref name="action"/>, and turns start-up mistakes into messages.</summary>
    private static async Task<int> WithHost(IEnumerable<KeyValuePair<string, string?>>? configuration, TimeProvider? clock, TextWriter error,
        CancellationToken cancellationToken, Action<HostApplicationBuilder> logging, Func<IServiceProvider, CancellationToken, Task<int>> action)
    {
        var (host, exitCode) = await StartUpAsync(() =>
        {
            var builder = ServiceSetup.CreateBuilder(configuration, clock);
            logging(builder);
            return builder.Build();
        }, error, cancellationToken);
        if (host is null)
        {
            return exitCode;
        }

        using (host)
        {
            return await action(host.Services, cancellationToken);
        }
    }

    /// <summary>
    /// Builds a host and checks configuration, content and store; a mistake becomes a message and an exit code. With
    /// <paramref name="waitForSharedStore"/> (<c>serve</c>) a Redis that is not there yet is waited for instead.
    /// </summary>
    private static async Task<(IHost? Host, int ExitCode)> StartUpAsync(Func<IHost> build, TextWriter error, CancellationToken cancellationToken,
        bool waitForSharedStore = false)
    {
        IHost? host = null;
        try
        {
            host = build();
            await ServiceSetup.ValidateStartupAsync(host.Services, cancellationToken, waitForSharedStore);
            return (host, 0);
        }
        catch (Exception ex) when (ex is OptionsValidationException or InvalidOperationException or ContentValidationException or StorageUnavailableException)
        {
            host?.Dispose();
            await error.WriteLineAsync("SupportBot cannot start: " + StartupMessage(ex));
            return (null, ex is ContentValidationException ? ContentInvalid : ConfigurationInvalid);
        }
    }

    /// <summary>
    /// Logs go to stderr so they never mix with JSON or reports on stdout, as configured under <c>Logging:Console</c>:
    /// <c>FormatterName</c> <c>json</c> with <c>FormatterOptions:IncludeScopes</c> gives one JSON object per line, each
    /// turn's lines carrying its conversation.
    /// </summary>
    private static void LogToStandardError(ILoggingBuilder logging, IConfiguration configuration)
    {
        logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);

        // Bound again last: the slim web host picks its "simple" format after the configuration was read.
        logging.Services.Configure<ConsoleLoggerOptions>(configuration.GetSection("Logging:Console"));
    }

    private static void LogToStandardError(HostApplicationBuilder builder) => LogToStandardError(builder.Logging, builder.Configuration);

    /// <summary>The chat's terminal is the conversation: its logs go to a file (<see cref="ChatLog"/>), never between its lines.</summary>
    private static void LogToFile(HostApplicationBuilder builder)
    {
        var path = ChatLog.Resolve(builder.Configuration);
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<ILoggerProvider>(services => new FileLoggerProvider(path, services.GetRequiredService<TimeProvider>()));
    }

    private static string StartupMessage(Exception ex) => ex switch
    {
        OptionsValidationException options => string.Join(Environment.NewLine, options.Failures),
        StorageUnavailableException storage => storage.Message,
        // The configuration binder names the key in its message: "…value at 'Conversation:IdleExpiry' to type…".
        InvalidOperationException { InnerException: { } inner } binding => binding.Message + " " + inner.Message,
        _ => ex.Message,
    };

    private static ContentOptions BindContentOptions(IEnumerable<KeyValuePair<string, string?>>? overrides) =>
        Bind<ContentOptions>(overrides, ContentOptions.Section);

    /// <summary>One options section read before any host exists (to choose the verb or the host kind).</summary>
    private static T Bind<T>(IEnumerable<KeyValuePair<string, string?>>? overrides, string section)
        where T : new()
    {
        var builder = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
            .AddEnvironmentVariables(ServiceSetup.EnvironmentPrefix);
        if (overrides is not null)
        {
            builder.AddInMemoryCollection(overrides);
        }

        var options = new T();
        builder.Build().GetSection(section).Bind(options);
        return options;
    }

    /// <summary>Exit code of a lookup whose query is not a hash or an EVM address.</summary>
    public const int QueryInvalid = 3;

    private static async Task<int> LookupAsync(IServiceProvider services, string text, bool json, string language, TextWriter output, CancellationToken cancellationToken)
    {
        var content = services.GetRequiredService<ContentCatalog>();
        var report = new LookupReport(content);
        var chain = services.GetRequiredService<IChainLookup>();
        var parsed = LookupQuery.Parse(text);
        var noSlots = new Dictionary<string, string>();
        switch (parsed.Kind)
        {
            case LookupQueryKind.Transaction:
                var transaction = await chain.FindTransactionAsync(parsed.Value!, cancellationToken);
                await output.WriteLineAsync(json ? LookupJson.Write(transaction, content) : RichText.ToPlainText(report.Describe(transaction, language, noSlots).Text));
                return 0;
            case LookupQueryKind.Address:
                var address = await chain.FindAddressAsync(parsed.Value!, null, cancellationToken);
                await output.WriteLineAsync(json ? LookupJson.Write(address) : RichText.ToPlainText(report.Describe(address, language, noSlots).Text));
                return 0;
            default:
                var explanation = RichText.ToPlainText(content.Texts.Get(language, parsed.ProblemTextKey!));
                await output.WriteLineAsync(json ? LookupJson.WriteProblem(text, parsed, explanation) : explanation);
                return QueryInvalid;
        }
    }

    /// <summary>The terminal's width now; 80 when the terminal cannot tell.</summary>
    private static int? TerminalWidth()
    {
        try
        {
            return System.Console.WindowWidth is > 0 and var columns ? columns : DefaultTerminalWidth;
        }
        catch (Exception ex) when (ex is IOException or PlatformNotSupportedException or InvalidOperationException)
        {
            return DefaultTerminalWidth;
        }
    }

    private const int DefaultTerminalWidth = 80;

    private static string? LocaleFromEnvironment() =>
        Environment.GetEnvironmentVariable("LC_ALL") is { Length: > 0 } all ? all : Environment.GetEnvironmentVariable("LANG");

    private static string Describe(TriageResult result) =>
        $"""
         scenario:     {result.Scenario}
         language:     {result.Language}
         transactions: {string.Join(", ", result.Entities.Transactions)}
         addresses:    {string.Join(", ", result.Entities.Addresses.Select(a => $"{a.Value} ({a.Kind.ToString().ToLowerInvariant()})"))}
         networks:     {string.Join(", ", result.Networks)}
         secret:       {(result.Secret == SecretKinds.None ? "no" : "yes — " + result.Secret)}
         """;
}
