// dcgan serve: the page. Plain JavaScript (a module, so strict), no libraries; every request goes to this server's API.

const $ = (id) => document.getElementById(id);

const els = {
  model: $('model'),
  seedForm: $('seed-form'),
  seed: $('seed'),
  count: $('count'),
  classField: $('class-field'),
  classPick: $('class'),
  generate: $('generate'),
  downloadGrid: $('download-grid'),
  downloadOnnx: $('download-onnx'),
  grid: $('grid'),
  reproduce: $('reproduce'),
  nextPick: $('next-pick'),
  ends: { A: $('end-a'), B: $('end-b') },
  frame: $('frame'),
  frameEmpty: $('frame-empty'),
  frameCaption: $('frame-caption'),
  slider: $('slider'),
  method: $('method'),
  steps: $('steps'),
  downloadFrame: $('download-frame'),
  status: $('status'),
};

// What is on screen. An image is { seed, index, src }: code `index` of `dcgan sample --seed seed`.
const state = {
  seed: null,
  // The class number the grid (and so the walk) was drawn in, for a conditional generator; null: every class in turn.
  class: null,
  count: 16,
  images: [],
  picks: { A: null, B: null },
  next: 'A',
  frames: [],
};

// Only the newest request of each kind may change the page; older answers arriving late are dropped.
let gridRequest = 0;
let walkRequest = 0;

const MAX_SEED = Number.MAX_SAFE_INTEGER;

function status(message, isError = false) {
  els.status.textContent = message;
  els.status.className = isError ? 'error' : '';
}

async function api(path, body) {
  const init = body === undefined
    ? { headers: { Accept: 'application/json' } }
    : { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) };
  const response = await fetch(path, init);
  if (!response.ok) {
    let message = `${response.status} ${response.statusText}`;
    try {
      const error = await response.json();
      if (error && typeof error.error === 'string') message = error.error;
    } catch {
      // Not JSON: keep the status line.
    }
    throw new Error(message);
  }
  return response;
}

const pngUrl = (base64) => `data:image/png;base64,${base64}`;

// ---- Model information ----

function describeChannels(channels) {
  return channels === 1 ? 'grayscale' : channels === 3 ? 'RGB' : `${channels} channels`;
}

function renderInfo(info) {
  const a = info.architecture;
  const rows = [
    ['Model', info.file],
    ['Images', `${a.imageSize}×${a.imageSize} ${describeChannels(a.channels)}`],
    ['nz', a.nz],
    ['ngf', a.ngf],
  ];
  if (info.dataset) rows.push(['Dataset', info.dataset]);
  if (info.epoch !== null) rows.push(['Epoch', info.epochs ? `${info.epoch} of ${info.epochs}` : info.epoch]);
  if (info.globalStep !== null) rows.push(['Step', info.globalStep.toLocaleString('en-US')]);
  rows.push([info.fid?.judge || 'FID', info.fid ? `${info.fid.value.toFixed(2)} (step ${info.fid.globalStep.toLocaleString('en-US')})` : 'not measured']);
  rows.push(['Device', info.device]);
  const onnx = info.onnx;
  const which = onnx.weights === 'average' ? `generator average of ${onnx.source}` : onnx.weights === 'trained' ? `generator of ${onnx.source}` : onnx.source;
  const megabytes = (onnx.bytes / 1e6).toFixed(1);
  rows.push(['ONNX', `${onnx.file}: ${which}, opset ${onnx.opset}, ${megabytes} MB`]);
  els.downloadOnnx.href = onnx.url;
  els.downloadOnnx.setAttribute('download', onnx.file);
  els.downloadOnnx.title = `Download ${onnx.file} (${which}; ${megabytes} MB) for ONNX Runtime`;
  els.downloadOnnx.hidden = false;
  els.model.replaceChildren(...rows.map(([name, value]) => {
    const row = document.createElement('div');
    const dt = document.createElement('dt');
    const dd = document.createElement('dd');
    dt.textContent = name;
    dd.textContent = String(value);
    row.append(dt, dd);
    return row;
  }));

  // A conditional generator: one option per class (by number, named as the model names them).
  if (Array.isArray(info.classes) && info.classes.length > 0) {
    els.classPick.append(...info.classes.map((name, i) => {
      const option = document.createElement('option');
      option.value = String(i);
      option.textContent = name;
      return option;
    }));
    els.classField.hidden = false;
  }

  // Offer only the counts and step numbers the server accepts.
  for (const option of [...els.count.options]) {
    if (Number(option.value) > info.limits.maxCount) option.remove();
  }
  for (const option of [...els.steps.options]) {
    const steps = Number(option.value);
    if (steps < info.limits.minSteps || steps > info.limits.maxSteps) option.remove();
  }
}

// ---- The grid ----

function setGridBusy(busy) {
  els.grid.setAttribute('aria-busy', String(busy));
  els.generate.disabled = busy;
}

function samePoint(a, b) {
  return a !== null && b !== null && a.seed === b.seed && a.index === b.index;
}

function renderGrid() {
  const cells = state.images.map((image) => {
    const cell = document.createElement('button');
    cell.type = 'button';
    cell.className = 'cell';
    cell.dataset.index = String(image.index);
    cell.title = `Seed ${image.seed}, image ${image.index}: click to pick it as ${state.next}`;
    const img = document.createElement('img');
    img.src = image.src;
    img.alt = `Seed ${image.seed}, image ${image.index}`;
    img.draggable = false;
    const label = document.createElement('span');
    label.className = 'index';
    label.textContent = `#${image.index}`;
    cell.append(img, label);
    cell.addEventListener('click', () => pick(image));
    return cell;
  });
  els.grid.replaceChildren(...cells);
  markPicks();
}

function markPicks() {
  for (const cell of els.grid.children) {
    const image = state.images[Number(cell.dataset.index)];
    const pickedAs = ['A', 'B'].find((end) => samePoint(state.picks[end], image));
    if (pickedAs) cell.dataset.pick = pickedAs;
    else delete cell.dataset.pick;
    cell.title = `Seed ${image.seed}, image ${image.index}: click to pick it as ${state.next}`;
  }
}

function showReproduce(command) {
  els.reproduce.hidden = false;
  els.reproduce.querySelector('code').textContent = command;
}

async function generate(seed) {
  const id = ++gridRequest;
  const count = Number(els.count.value);
  const body = { count, format: 'json' };
  if (seed !== null) body.seed = seed;
  const chosen = els.classPick.value === '' ? null : Number(els.classPick.value);
  if (chosen !== null) body.class = chosen;
  setGridBusy(true);
  status(seed === null ? 'Generating…' : `Generating seed ${seed}…`);
  const started = performance.now();
  try {
    const data = await (await api('/api/generate', body)).json();
    if (id !== gridRequest) return;
    state.seed = data.seed;
    state.count = data.count;
    state.class = chosen;
    state.images = data.images.map((image) => ({ seed: image.seed, index: image.index, src: pngUrl(image.png) }));
    els.seed.value = String(data.seed);
    els.seed.removeAttribute('aria-invalid');
    renderGrid();
    showReproduce(data.reproduce);
    els.downloadGrid.disabled = false;
    history.replaceState(null, '', `#seed=${data.seed}&count=${data.count}`);
    status(`Seed ${data.seed}: ${data.count} images in ${Math.round(performance.now() - started)} ms.`);
  } catch (error) {
    if (id === gridRequest) status(error.message, true);
  } finally {
    if (id === gridRequest) setGridBusy(false);
  }
}

function typedSeed() {
  const text = els.seed.value.trim();
  if (text === '') return null;
  const seed = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(seed) || seed > MAX_SEED) {
    els.seed.setAttribute('aria-invalid', 'true');
    throw new Error(`A seed is a whole number from 0 to ${MAX_SEED}.`);
  }
  return seed;
}

async function downloadGrid() {
  if (state.seed === null) return;
  const [seed, count] = [state.seed, state.count];
  els.downloadGrid.disabled = true;
  try {
    const body = { seed, count, format: 'png' };
    if (state.class !== null) body.class = state.class;
    const blob = await (await api('/api/generate', body)).blob();
    const url = URL.createObjectURL(blob);
    save(url, `dcgan-seed-${seed}-${count}.png`);
    setTimeout(() => URL.revokeObjectURL(url), 10000);
    status(`Downloaded the grid of seed ${seed} (${count} images).`);
  } catch (error) {
    status(error.message, true);
  } finally {
    els.downloadGrid.disabled = false;
  }
}

function save(url, name) {
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
}

// ---- Interpolation ----

const describe = (point) => `seed ${point.seed} · #${point.index}`;

function endLabel(point) {
  const seed = document.createElement('span');
  seed.textContent = `seed ${point.seed}`;
  const index = document.createElement('span');
  index.textContent = `image #${point.index}`;
  return [seed, index];
}

function pick(image) {
  const end = state.next;
  state.picks[end] = { seed: image.seed, index: image.index, src: image.src };
  state.next = end === 'A' ? 'B' : 'A';
  renderEnds();
  markPicks();
  loadWalk();
}

function renderEnds() {
  for (const end of ['A', 'B']) {
    const button = els.ends[end];
    const point = state.picks[end];
    const thumb = button.querySelector('.end-thumb');
    const badge = thumb.querySelector('.badge');
    const label = button.querySelector('.end-label');
    thumb.replaceChildren(badge);
    if (point) {
      const img = document.createElement('img');
      img.src = point.src;
      img.alt = '';
      thumb.prepend(img);
      label.replaceChildren(...endLabel(point));
    } else {
      label.replaceChildren('not picked');
    }
    button.classList.toggle('picked', point !== null);
    button.classList.toggle('next', state.next === end);
  }
  const bold = document.createElement('b');
  bold.textContent = state.next;
  els.nextPick.replaceChildren('Click an image to pick ', bold);
}

async function loadWalk() {
  const { A, B } = state.picks;
  if (!A || !B) return;
  const id = ++walkRequest;
  const steps = Number(els.steps.value);
  const method = els.method.value;
  const position = els.slider.disabled ? 0 : Number(els.slider.value) / Math.max(1, Number(els.slider.max));
  status(`Walking from ${describe(A)} to ${describe(B)}…`);
  try {
    const body = { from: { seed: A.seed, index: A.index }, to: { seed: B.seed, index: B.index }, steps, method, format: 'json' };
    if (state.class !== null) body.class = state.class;
    const data = await (await api('/api/interpolate', body)).json();
    if (id !== walkRequest) return;
    state.frames = data.frames.map(pngUrl);
    els.slider.max = String(state.frames.length - 1);
    els.slider.value = String(Math.round(position * (state.frames.length - 1)));
    els.slider.disabled = false;
    els.downloadFrame.disabled = false;
    showFrame();
    status(`${data.steps} steps from ${describe(A)} to ${describe(B)} (${data.method}). Move the slider to walk.`);
  } catch (error) {
    if (id === walkRequest) status(error.message, true);
  }
}

function showFrame() {
  if (state.frames.length === 0) return;
  const i = Number(els.slider.value);
  const last = state.frames.length - 1;
  els.frame.src = state.frames[i];
  els.frame.hidden = false;
  els.frameEmpty.hidden = true;
  els.frameCaption.textContent = `t = ${(i / last).toFixed(2)} · frame ${i + 1} of ${last + 1}`;
  els.slider.setAttribute('aria-valuetext', `frame ${i + 1} of ${last + 1}`);
}

function downloadFrame() {
  const { A, B } = state.picks;
  if (state.frames.length === 0 || !A || !B) return;
  const i = Number(els.slider.value);
  save(state.frames[i], `dcgan-walk-${A.seed}_${A.index}-to-${B.seed}_${B.index}-${els.method.value}-${i + 1}of${state.frames.length}.png`);
}

// ---- Wiring ----

function start() {
  els.generate.addEventListener('click', () => generate(null));
  els.seedForm.addEventListener('submit', (event) => {
    event.preventDefault();
    try {
      generate(typedSeed());
    } catch (error) {
      status(error.message, true);
    }
  });
  els.seed.addEventListener('input', () => els.seed.removeAttribute('aria-invalid'));
  // A new count keeps the seed: the first images stay the same, more (or fewer) follow.
  els.count.addEventListener('change', () => generate(state.seed));
  els.classPick.addEventListener('change', () => generate(state.seed));
  els.downloadGrid.addEventListener('click', downloadGrid);
  for (const end of ['A', 'B']) {
    els.ends[end].addEventListener('click', () => {
      state.next = end;
      renderEnds();
      markPicks();
    });
  }
  els.slider.addEventListener('input', showFrame);
  els.method.addEventListener('change', loadWalk);
  els.steps.addEventListener('change', loadWalk);
  els.downloadFrame.addEventListener('click', downloadFrame);
  renderEnds();

  // A link like #seed=42&count=16 opens that grid.
  const hash = new URLSearchParams(location.hash.slice(1));
  const wanted = hash.get('seed');
  if (hash.has('count') && [...els.count.options].some((o) => o.value === hash.get('count'))) els.count.value = hash.get('count');

  api('/api/info')
    .then((response) => response.json())
    .then(renderInfo)
    .catch((error) => status(`Could not read the model information: ${error.message}`, true))
    .finally(() => {
      let seed = null;
      if (wanted !== null && /^\d+$/.test(wanted) && Number.isSafeInteger(Number(wanted))) seed = Number(wanted);
      generate(seed);
    });
}

start();
