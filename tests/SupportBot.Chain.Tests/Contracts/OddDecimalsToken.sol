// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import "./TokenLedger.sol";

/// @notice A token whose decimals() is 0: one unit is one whole token.
contract OddDecimalsToken is TokenLedger {
    string public constant name = "Zero Decimals";
    string public constant symbol = "ZERO";
    uint8 public constant decimals = 0;

    constructor() {
        _mint(msg.sender, 1_000_000);
    }
}
