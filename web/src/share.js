// Share links: the playground's state (files and settings) in the URL
// fragment, so a link reproduces the view and no server ever sees the
// config. Two forms are read:
//   #s=<base64url of the raw-deflated JSON state>   what the Share button writes
//   #config=<base64url of UTF-8 text>              one file, for other tools to link into
// Both run in the browser and in Node (CompressionStream, TextEncoder, btoa).

export const VERSION = 1;

function toBase64url(bytes) {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64url(s) {
  const b64 = s.replace(/-/g, '+').replace(/_/g, '/');
  const bin = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

async function pipe(bytes, stream) {
  const body = new Blob([bytes]).stream().pipeThrough(stream);
  return new Uint8Array(await new Response(body).arrayBuffer());
}

// encodeState returns the fragment (without '#') for state
// {files: [{name, text}], settings: {...}, active: index}.
export async function encodeState(state) {
  const json = JSON.stringify({ v: VERSION, files: state.files, settings: state.settings || {}, active: state.active || 0 });
  const packed = await pipe(new TextEncoder().encode(json), new CompressionStream('deflate-raw'));
  return 's=' + toBase64url(packed);
}

// encodeConfig returns the plain single-file fragment for text.
export function encodeConfig(text) {
  return 'config=' + toBase64url(new TextEncoder().encode(text));
}

// decodeFragment reads a fragment (with or without '#') into a state, or
// returns null when it holds none. A damaged link throws an Error that
// says so.
export async function decodeFragment(fragment) {
  const params = new URLSearchParams(fragment.replace(/^#/, ''));
  if (params.has('s')) {
    let state;
    try {
      const json = await pipe(fromBase64url(params.get('s')), new DecompressionStream('deflate-raw'));
      state = JSON.parse(new TextDecoder().decode(json));
    } catch (e) {
      throw new Error('the share link is damaged (' + e.message + ')');
    }
    if (state.v !== VERSION || !Array.isArray(state.files) || state.files.length === 0 ||
        !state.files.every((f) => typeof f.name === 'string' && typeof f.text === 'string')) {
      throw new Error('the share link holds no playground state this page reads');
    }
    return { files: state.files, settings: state.settings || {}, active: Math.min(state.active | 0, state.files.length - 1) };
  }
  if (params.has('config')) {
    let text;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(fromBase64url(params.get('config')));
    } catch (e) {
      throw new Error('the #config= link is not base64url of UTF-8 text (' + e.message + ')');
    }
    return { files: [{ name: 'nginx.conf', text }], settings: {}, active: 0 };
  }
  return null;
}
