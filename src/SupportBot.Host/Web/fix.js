// The fix page: asks the wallet to switch to (or add) one network and to show one token. Nothing else: no connect
// request, no signature, no transaction. Every parameter comes from the page's data block, which the bot wrote from
// its own content after checking the link's signature.
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('fix-data').textContent);
  var t = data.texts;
  var status = document.getElementById('status');
  var start = document.getElementById('start');
  var manual = document.getElementById('manual');
  var noWallet = document.getElementById('no-wallet');
  var provider = window.ethereum;

  function say(text, kind) {
    var item = document.createElement('li');
    item.textContent = text;
    item.className = kind || 'step';
    status.appendChild(item);
  }

  function codeOf(error) {
    if (!error) return undefined;
    if (error.code !== undefined && error.code !== -32603) return error.code;
    // MetaMask Mobile wraps the real error: data.originalError.code.
    var original = error.data && error.data.originalError;
    return original && original.code !== undefined ? original.code : error.code;
  }

  function unsupported(error) {
    var code = codeOf(error);
    return code === -32601 || code === 4200 || /not (supported|implemented)|does not exist/i.test(String(error && error.message));
  }

  function explain(error) {
    var code = codeOf(error);
    if (code === 4001) say(t.rejected, 'warn');
    else if (unsupported(error)) say(t.unsupported, 'warn');
    else say(t.failed.replace('{what}', String((error && error.message) || code || 'error').slice(0, 120)), 'warn');
    manual.hidden = false;
  }

  async function switchOrAdd() {
    say(t.stepSwitch);
    try {
      await provider.request({ method: 'wallet_switchEthereumChain', params: [{ chainId: data.chain.chainId }] });
      say(t.doneSwitch, 'ok');
      return true;
    } catch (error) {
      if (codeOf(error) !== 4902) { explain(error); return false; }
    }

    say(t.stepAdd);
    try {
      await provider.request({ method: 'wallet_addEthereumChain', params: [data.chain] });
      say(t.doneAdd, 'ok');
      return true;
    } catch (error) {
      explain(error);
      return false;
    }
  }

  async function watchToken() {
    if (!data.token) return true;
    say(t.stepToken);
    try {
      var added = await provider.request({
        method: 'wallet_watchAsset',
        params: { type: 'ERC20', options: { address: data.token.address, symbol: data.token.symbol, decimals: data.token.decimals } },
      });
      if (added === false) { explain({ code: 4001 }); return false; }
      say(t.doneToken, 'ok');
      return true;
    } catch (error) {
      explain(error);
      return false;
    }
  }

  if (!provider || typeof provider.request !== 'function') {
    start.hidden = true;
    noWallet.hidden = false;
    manual.hidden = false;
    return;
  }

  start.addEventListener('click', async function () {
    start.disabled = true;
    status.textContent = '';
    try {
      if (await switchOrAdd() && await watchToken()) say(t.doneAll, 'ok');
    } finally {
      start.disabled = false;
    }
  });
})();
