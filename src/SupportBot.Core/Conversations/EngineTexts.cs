namespace SupportBot.Core.Conversations;

/// <summary>Texts the engine itself says (not named by any scenario), so content validation can require them.</summary>
internal static class EngineTexts
{
    public static readonly string[] Keys =
    [
        "common.welcome", "common.welcome-back", "common.language-name", "common.language-prompt", "common.language-set",
        "common.help", "common.empty-input", "common.not-understood", "common.not-understood-menu", "common.stale-button",
        "common.nothing-to-go-back-to", "common.start-question", "common.continue", "common.start-over",
        "common.feedback.solved", "common.feedback.unsolved", "common.feedback.thanks", "common.feedback.sorry",
        "common.error-reset", "common.bridge-link", "common.network-noted",
        "common.manual-rpc", "common.manual-rpc-built-in",
        "common.exchange.binance", "common.exchange.binance-us",
        "common.secret.recovery-phrase", "common.secret.private-key",
        "common.detected.bep2", "common.detected.invalid-checksum",
        "common.detected.non-evm-tron", "common.detected.non-evm-bitcoin", "common.detected.non-evm-solana",
        "lookup.progress", "lookup.check-again", "lookup.unnamed-token", "lookup.unreachable",
        "lookup.tx.success", "lookup.tx.created", "lookup.tx.created-contract", "lookup.tx.failed", "lookup.tx.pending",
        "lookup.tx.token-transfer", "lookup.tx.other-network", "lookup.tx.next-switch", "lookup.tx.next-import",
        "lookup.tx.other-network-unknown", "lookup.tx.next-unknown", "lookup.tx.next-unknown-import",
        "lookup.tx.exchange-other-network", "lookup.tx.exchange-check-network", "lookup.tx.exchange-next",
        "lookup.tx.not-found", "lookup.tx.not-found-so-far",
        "lookup.address.header", "lookup.address.line", "lookup.address.contract-line", "lookup.address.empty",
        "lookup.address.tokens-no-gas", "lookup.address.tokens-line", "lookup.address.received-line",
        "lookup.address.unverified-mark", "lookup.address.unverified-note", "lookup.address.transfers-unchecked",
        "lookup.input.wrong-length", "lookup.input.not-hex", "lookup.input.bep2-hash", "lookup.input.nothing",
        // Numbers with their nouns, in each language's plural forms.
        "count.confirmations", "count.network_count", "count.tx_count",
        .. TicketForms.TextKeys,
        Fix.FixPageTexts.Button,
        .. Fix.FixPageTexts.PageKeys,
    ];
}
