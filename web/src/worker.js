// The lint worker: loads the engine (nginx-lint.wasm, built from
// cmd/nginx-lint-wasm) and answers the page's requests off the main
// thread, so typing never waits for a lint. Messages in: {id, req};
// out: {id, resp, ms} where ms is the engine call's time in the worker.
/* global Go, importScripts, nginxLint */

importScripts('wasm_exec.js');

const ready = (async () => {
  const go = new Go();
  const loaded = new Promise((resolve) => { self.nginxLintReady = resolve; });
  const url = 'nginx-lint.wasm';
  let instance;
  try {
    ({ instance } = await WebAssembly.instantiateStreaming(fetch(url), go.importObject));
  } catch {
    // A host that serves .wasm under another MIME type: compile from bytes.
    const bytes = await (await fetch(url)).arrayBuffer();
    ({ instance } = await WebAssembly.instantiate(bytes, go.importObject));
  }
  go.run(instance);
  await loaded;
})();

self.onmessage = async (ev) => {
  const { id, req } = ev.data;
  try {
    await ready;
    const t0 = performance.now();
    const resp = JSON.parse(nginxLint(JSON.stringify(req)));
    self.postMessage({ id, resp, ms: performance.now() - t0 });
  } catch (e) {
    self.postMessage({ id, resp: { error: 'the engine failed: ' + (e && e.message ? e.message : e) } });
  }
};
