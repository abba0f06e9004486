// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import "./TokenLedger.sol";

/// @notice Metadata the way old MKR has it: name() and symbol() return bytes32, not string.
contract Bytes32Token is TokenLedger {
    bytes32 public constant name = "Maker Style";
    bytes32 public constant symbol = "MKR32";
    uint8 public constant decimals = 18;

    constructor() {
        _mint(msg.sender, 1_000_000 * 10 ** 18);
    }
}
