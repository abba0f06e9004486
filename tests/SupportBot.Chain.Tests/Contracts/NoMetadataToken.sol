// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import "./TokenLedger.sol";

/// @notice Transfers and emits Transfer, but has no name(), symbol() or decimals():
/// there is no fallback function, so calls to them revert.
contract NoMetadataToken is TokenLedger {
    constructor() {
        _mint(msg.sender, 1_000_000 * 10 ** 18);
    }
}
