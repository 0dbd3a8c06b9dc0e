import { test } from 'node:test';
import assert from 'node:assert/strict';
import { encodeState, encodeConfig, decodeFragment } from '../src/share.js';

const state = {
  files: [
    { name: 'nginx.conf', text: 'http {\n    include conf.d/*.conf;\n}\n' },
    { name: 'conf.d/app.conf', text: '# café 😀\nlocation / { proxy_pass http://localhost:5000; }\n' },
  ],
  settings: { loopback: 'ipv6', modules: ['headers-more'], nginxVersion: '1.22.1' },
  active: 1,
};

test('a share link round-trips files and settings', async () => {
  const frag = await encodeState(state);
  assert.match(frag, /^s=[A-Za-z0-9_-]+$/);
  assert.deepEqual(await decodeFragment('#' + frag), state);
});

test('a share link of a large config is compressed', async () => {
  const text = 'server { listen 80; location / { proxy_pass http://127.0.0.1:8080; } }\n'.repeat(300);
  const frag = await encodeState({ files: [{ name: 'nginx.conf', text }] });
  assert.ok(frag.length < text.length / 10, `fragment of ${frag.length} chars for ${text.length} bytes`);
});

test('#config= holds one file as base64url UTF-8', async () => {
  const text = 'location / { proxy_pass http://localhost:5000; } # ü\n';
  const frag = encodeConfig(text);
  assert.equal(frag, 'config=' + Buffer.from(text).toString('base64url'));
  assert.deepEqual(await decodeFragment(frag), { files: [{ name: 'nginx.conf', text }], settings: {}, active: 0 });
});

test('a damaged or empty fragment', async () => {
  assert.equal(await decodeFragment(''), null);
  assert.equal(await decodeFragment('#other=1'), null);
  await assert.rejects(decodeFragment('#s=AAAA'), /damaged/);
  await assert.rejects(decodeFragment('#config=' + Buffer.from([0xff, 0xfe]).toString('base64url')), /UTF-8/);
});
