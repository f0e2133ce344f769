// The page of `dcgan export --to web`: runs the exported generator in the browser with ONNX Runtime Web
// (WebAssembly, single-threaded) from this folder's own copy. Plain JavaScript, no other library.
import * as ort from './ort/ort.wasm.min.mjs';

// One thread needs no SharedArrayBuffer, so no cross-origin isolation headers: any static server will do.
ort.env.wasm.numThreads = 1;
ort.env.wasm.proxy = false;
ort.env.wasm.wasmPaths = new URL('./ort/', import.meta.url).href;

const $ = (id) => document.getElementById(id);
const els = {
  model: $('model'), seedForm: $('seed-form'), seed: $('seed'), count: $('count'), generate: $('generate'),
  grid: $('grid'), nextPick: $('next-pick'), ends: $('ends'), frame: $('frame'), frameEmpty: $('frame-empty'),
  frameCaption: $('frame-caption'), slider: $('slider'), method: $('method'), steps: $('steps'), status: $('status'),
};

const MAX_SEED = Number.MAX_SAFE_INTEGER;
const CHUNK = 64; // codes per draw of `dcgan sample`'s stream (its LatentCodes.ChunkSize)

function status(message, isError = false) {
  els.status.textContent = message;
  els.status.className = isError ? 'error' : '';
}

// ---- Latent codes: the stream of `dcgan sample --seed S` ----
// dcgan draws codes with torch.randn on a CPU generator seeded with S, 64 codes at a time. libtorch's
// CPU generator is MT19937 seeded with the seed's low 32 bits, and randn of 16 or more floats fills
// the tensor with uniforms (24 random bits each), then turns each block of 16 into normals by
// Box-Muller, redrawing the last 16 when the size is not a multiple of 16. Doing the same here gives
// the same codes up to the last bits of log, sin and cos.

class Mt19937 {
  constructor(seed) {
    this.state = new Uint32Array(624);
    this.index = 624;
    this.state[0] = seed >>> 0;
    for (let i = 1; i < 624; i++) {
      const previous = this.state[i - 1] ^ (this.state[i - 1] >>> 30);
      this.state[i] = (Math.imul(1812433253, previous) + i) >>> 0;
    }
  }

  next() {
    if (this.index >= 624) this.twist();
    let y = this.state[this.index++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  twist() {
    const s = this.state;
    for (let i = 0; i < 624; i++) {
      const y = (s[i] & 0x80000000) | (s[(i + 1) % 624] & 0x7fffffff);
      let value = s[(i + 397) % 624] ^ (y >>> 1);
      if (y & 1) value ^= 0x9908b0df;
      s[i] = value >>> 0;
    }
    this.index = 0;
  }

  uniform() {
    return (this.next() & 0xffffff) / 16777216;
  }
}

function boxMuller16(data, start) {
  for (let j = 0; j < 8; j++) {
    const u1 = 1 - data[start + j];
    const u2 = data[start + j + 8];
    const radius = Math.sqrt(-2 * Math.log(u1));
    const theta = 2 * Math.PI * u2;
    data[start + j] = radius * Math.cos(theta);
    data[start + j + 8] = radius * Math.sin(theta);
  }
}

function randn(random, size) {
  const data = new Float64Array(size);
  for (let i = 0; i < size; i++) data[i] = random.uniform();
  for (let i = 0; i + 16 <= size; i += 16) boxMuller16(data, i);
  if (size % 16 !== 0) {
    for (let i = size - 16; i < size; i++) data[i] = random.uniform();
    boxMuller16(data, size - 16);
  }
  return Float32Array.from(data);
}

/** Codes 0 to count - 1 of seed `seed`, as one Float32Array of count * nz values. */
function codesForSeed(seed, count, nz) {
  const random = new Mt19937(Number(BigInt.asUintN(32, BigInt(seed))));
  const codes = new Float32Array(count * nz);
  for (let filled = 0; filled < count; filled += CHUNK) {
    const chunk = randn(random, CHUNK * nz);
    codes.set(chunk.subarray(0, Math.min(CHUNK, count - filled) * nz), filled * nz);
  }
  return codes;
}

// ---- The generator ----

let session = null;
let info = null;
let queue = Promise.resolve();

/** Images for `count` codes: Float32Array of count * C * H * W values in [-1, 1]. One run at a time. */
function generate(codes, count) {
  const run = queue.then(async () => {
    const z = new ort.Tensor('float32', codes, [count, info.nz, 1, 1]);
    const result = await session.run({ [info.input]: z });
    return result[info.output].data;
  });
  queue = run.catch(() => {});
  return run;
}

/** Image `index` of a batch as RGBA pixels: (x + 1) / 2 * 255, rounded and clamped, as `dcgan sample` writes PNGs. */
function toImageData(images, index) {
  const { imageSize: size, channels } = info;
  const plane = size * size;
  const base = index * channels * plane;
  const pixels = new ImageData(size, size);
  for (let p = 0; p < plane; p++) {
    for (let c = 0; c < 3; c++) {
      const v = images[base + (channels === 1 ? 0 : c) * plane + p];
      pixels.data[p * 4 + c] = Math.min(255, Math.max(0, Math.floor((v + 1) / 2 * 255 + 0.5)));
    }
    pixels.data[p * 4 + 3] = 255;
  }
  return pixels;
}

function paint(canvas, images, index) {
  canvas.width = info.imageSize;
  canvas.height = info.imageSize;
  canvas.getContext('2d').putImageData(toImageData(images, index), 0, 0);
}

// ---- The grid ----

// What is on screen: the codes of each cell, so a pick can walk from them.
const state = { seed: null, codes: null, count: 0, picks: { A: null, B: null }, next: 'A', frames: null, steps: 16 };

async function showCodes(codes, count, label) {
  els.grid.setAttribute('aria-busy', 'true');
  const started = performance.now();
  const images = await generate(codes, count);
  const cells = [];
  for (let i = 0; i < count; i++) {
    const cell = document.createElement('button');
    cell.type = 'button';
    cell.className = 'cell';
    cell.title = `${label}, image #${i}`;
    cell.dataset.index = String(i);
    const canvas = document.createElement('canvas');
    paint(canvas, images, i);
    cell.append(canvas);
    cell.addEventListener('click', () => pick(i));
    cells.push(cell);
  }
  state.codes = codes;
  state.count = count;
  state.picks = { A: null, B: null };
  state.next = 'A';
  els.grid.replaceChildren(...cells);
  els.grid.setAttribute('aria-busy', 'false');
  renderPicks();
  status(`${count} images (${label}) drawn on this device in ${Math.round(performance.now() - started)} ms`);
}

async function showSeed(seed) {
  const count = Number(els.count.value);
  state.seed = seed;
  els.seed.value = String(seed);
  history.replaceState(null, '', `#seed=${seed}&count=${count}`);
  await showCodes(codesForSeed(seed, count, info.nz), count, `seed ${seed}`);
}

function randomSeed() {
  const words = crypto.getRandomValues(new Uint32Array(2));
  return (words[0] % 0x200000) * 0x100000000 + words[1]; // 53 random bits: exact as a JavaScript number
}

function parseSeed(text) {
  const trimmed = text.trim();
  if (!/^[0-9]+$/.test(trimmed) || Number(trimmed) > MAX_SEED) return null;
  return Number(trimmed);
}

// ---- The walk between two picked images ----

function codeOf(index) {
  return state.codes.subarray(index * info.nz, (index + 1) * info.nz);
}

/** `steps` codes from a to b, ends included: slerp on the unnormalised codes, or a straight line (as `dcgan interpolate`). */
function walk(a, b, steps, method) {
  const nz = a.length;
  let dot = 0, na = 0, nb = 0;
  for (let k = 0; k < nz; k++) { dot += a[k] * b[k]; na += a[k] * a[k]; nb += b[k] * b[k]; }
  const cosine = Math.min(1, Math.max(-1, dot / (Math.max(Math.sqrt(na), 1e-12) * Math.max(Math.sqrt(nb), 1e-12))));
  const omega = Math.acos(cosine);
  const sine = Math.sin(omega);
  const codes = new Float32Array(steps * nz);
  for (let s = 0; s < steps; s++) {
    const t = s / (steps - 1);
    const [wa, wb] = method === 'slerp' && sine >= 1e-6 ? [Math.sin((1 - t) * omega) / sine, Math.sin(t * omega) / sine] : [1 - t, t];
    for (let k = 0; k < nz; k++) codes[s * nz + k] = s === 0 ? a[k] : s === steps - 1 ? b[k] : wa * a[k] + wb * b[k];
  }
  return codes;
}

function pick(index) {
  const end = state.next;
  state.picks[end] = index;
  state.next = end === 'A' ? 'B' : 'A';
  renderPicks();
  if (state.picks.A !== null && state.picks.B !== null) updateWalk();
}

function renderPicks() {
  for (const cell of els.grid.children) {
    const index = Number(cell.dataset.index);
    const end = state.picks.A === index ? 'A' : state.picks.B === index ? 'B' : null;
    if (end) cell.dataset.pick = end;
    else delete cell.dataset.pick;
  }
  const name = (end) => (state.picks[end] === null ? 'not picked' : `image #${state.picks[end]}`);
  els.ends.textContent = `A: ${name('A')} · B: ${name('B')}`;
  els.nextPick.innerHTML = `Click an image to pick <b>${state.next}</b>`;
  if (state.picks.A === null || state.picks.B === null) {
    state.frames = null;
    els.slider.disabled = true;
    els.frame.hidden = true;
    els.frameEmpty.hidden = false;
    els.frameCaption.innerHTML = '&nbsp;';
  }
}

async function updateWalk() {
  const steps = Number(els.steps.value);
  const codes = walk(codeOf(state.picks.A), codeOf(state.picks.B), steps, els.method.value);
  const frames = await generate(codes, steps);
  state.frames = frames;
  state.steps = steps;
  els.slider.max = String(steps - 1);
  els.slider.value = String(Math.min(Number(els.slider.value), steps - 1));
  els.slider.disabled = false;
  els.frame.hidden = false;
  els.frameEmpty.hidden = true;
  showFrame();
}

function showFrame() {
  if (!state.frames) return;
  const index = Number(els.slider.value);
  paint(els.frame, state.frames, index);
  els.frameCaption.textContent = `frame ${index + 1} of ${state.steps} (${els.method.value})`;
}

// ---- Start ----

function describe(model) {
  const kind = model.channels === 1 ? 'grayscale' : model.channels === 3 ? 'RGB' : `${model.channels} channels`;
  const m = model.metadata ?? {};
  const parts = [`${model.imageSize}×${model.imageSize} ${kind}`, `nz ${model.nz}`, `ngf ${model.ngf}`];
  if (m.dataset) parts.push(m.dataset);
  if (m.recipe) parts.push(`${m.recipe} recipe`);
  if (m.iterations) parts.push(`${m.iterations} iterations`);
  if (m.weights) parts.push(`${m.weights} weights`);
  return `${m.source ?? model.model}: ${parts.join(' · ')}`;
}

async function start() {
  info = await (await fetch('model.json')).json();
  els.model.textContent = describe(info);
  status(`Loading ${info.model} into ONNX Runtime Web…`);
  session = await ort.InferenceSession.create(info.model, { executionProviders: ['wasm'], graphOptimizationLevel: 'all' });

  els.generate.disabled = false;
  els.generate.addEventListener('click', () => showSeed(randomSeed()).catch(fail));
  els.seedForm.addEventListener('submit', (event) => {
    event.preventDefault();
    const seed = parseSeed(els.seed.value);
    if (seed === null) status(`A seed is a whole number from 0 to ${MAX_SEED}`, true);
    else showSeed(seed).catch(fail);
  });
  els.count.addEventListener('change', () => showSeed(state.seed ?? randomSeed()).catch(fail));
  els.slider.addEventListener('input', showFrame);
  for (const control of [els.method, els.steps]) {
    control.addEventListener('change', () => { if (state.frames) updateWalk().catch(fail); });
  }

  const hash = new URLSearchParams(location.hash.slice(1));
  const count = hash.get('count');
  if (count && [...els.count.options].some((o) => o.value === count)) els.count.value = count;
  await showSeed(parseSeed(hash.get('seed') ?? '') ?? randomSeed());
}

function fail(error) {
  status(`Error: ${error?.message ?? error}`, true);
  throw error;
}

const ready = start().catch(fail);

// For scripts and tests: the codes of a seed, any codes drawn into the grid, and a cell's pixels.
window.dcgan = {
  ready,
  get info() { return info; },
  codesForSeed: (seed, count) => Array.from(codesForSeed(seed, count, info.nz)),
  showCodes: (codes) => {
    if (!Array.isArray(codes) || codes.length < 1 || codes.some((code) => !Array.isArray(code) || code.length !== info.nz || !code.every(Number.isFinite))) {
      return Promise.reject(new TypeError(`codes must be a non-empty array of arrays of ${info.nz} finite numbers`));
    }
    return showCodes(Float32Array.from(codes.flat()), codes.length, 'given codes');
  },
  cellPixels: (index) => {
    const canvas = els.grid.children[index].querySelector('canvas');
    return Array.from(canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data);
  },
};
