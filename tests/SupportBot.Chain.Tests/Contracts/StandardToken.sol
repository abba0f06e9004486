// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import "./TokenLedger.sol";

/// @notice A plain ERC-20 with string metadata. The whole supply goes to the deployer.
contract StandardToken is TokenLedger {
    string public name;
    string public symbol;
    uint8 public decimals;

    constructor(string memory name_, string memory symbol_, uint8 decimals_, uint256 supply) {
        name = name_;
        symbol = symbol_;
        decimals = decimals_;
        _mint(msg.sender, supply);
    }
}
