// Pigment's page: plain JavaScript over the job API (/api/…). No build step.
"use strict";

const $ = (id) => document.getElementById(id);
const state = { models: [], samplers: [], lastSeed: null, job: null, events: null, page: 0, pageSize: 24, viewing: null, pngParameters: null };

async function api(path, options = {}) {
  const response = await fetch(path, { headers: { "Content-Type": "application/json" }, ...options });
  const type = response.headers.get("Content-Type") || "";
  const body = type.includes("json") ? await response.json() : await response.text();
  if (!response.ok) throw new Error((body && body.detail) || response.statusText);
  return body;
}

// ---- tabs
document.querySelectorAll(".tab").forEach((tab) => tab.addEventListener("click", () => showTab(tab.dataset.tab)));
function showTab(name) {
  document.querySelectorAll(".tab").forEach((t) => t.classList.toggle("active", t.dataset.tab === name));
  document.querySelectorAll(".panel").forEach((p) => p.classList.toggle("active", p.id === name));
  if (name === "gallery") loadGallery();
}

// ---- models and what each takes
async function loadModels() {
  [state.models, state.samplers] = await Promise.all([api("/api/models"), api("/sdapi/v1/samplers")]);
  const select = $("model"), filter = $("gallery-model");
  select.innerHTML = "";
  for (const m of state.models) {
    select.add(new Option(`${m.name} (${m.family}, ${m.size}×${m.size})`, m.name));
    filter.add(new Option(m.name, m.name));
  }
  const preferred = state.models.find((m) => m.name === "sd-shapes") || state.models[0];
  if (preferred) select.value = preferred.name;
  $("sampler").innerHTML = "";
  for (const s of state.samplers) $("sampler").add(new Option(s.name, s.aliases[0]));
  $("sampler").value = "dpm++2m";
  modelChanged();
}
function currentModel() { return state.models.find((m) => m.name === $("model").value); }
function modelChanged() {
  const m = currentModel();
  if (!m) return;
  const show = (selector, on) => document.querySelectorAll(selector).forEach((e) => (e.hidden = !on));
  // A text model's negative prompt is free text, a class model's a class name: one does not carry over to the other.
  if (state.textModel !== undefined && state.textModel !== m.text) $("negative").value = "";
  state.textModel = m.text;
  show(".text-only", m.text);
  show(".class-only", !m.text && m.classes.length > 0);
  show(".guided-only", m.guidance);
  show(".sampled-only", m.sampler);
  show(".init-only", m.init_image);
  $("card-button").hidden = !m.has_card;
  // Quilting takes its starting image as the sample texture: no strength, no mask.
  const quilting = m.family === "quilting";
  $("img2img").querySelector("summary").textContent = quilting ? "sample texture (required)" : "img2img and inpainting";
  if (quilting) $("img2img").open = true;
  show(".strength", !quilting);
  show(".mask-tools", !quilting);
  const cls = $("class");
  cls.length = 1;
  for (const c of m.classes) cls.add(new Option(c, c));
  const g = m.text ? 4 : 3;
  $("guidance").value = g; $("guidance-out").value = g;
}
$("model").addEventListener("change", modelChanged);
for (const [input, out] of [["steps", "steps-out"], ["guidance", "guidance-out"], ["strength", "strength-out"]])
  $(input).addEventListener("input", () => ($(out).value = $(input).value));
$("dice").addEventListener("click", () => ($("seed").value = Math.floor(Math.random() * 2147483647)));
$("reuse").addEventListener("click", () => { if (state.lastSeed !== null) $("seed").value = state.lastSeed; });
$("card-button").addEventListener("click", async () => {
  $("card-text").textContent = await api(`/api/models/${encodeURIComponent($("model").value)}/card`);
  $("card-dialog").showModal();
});
$("card-close").addEventListener("click", () => $("card-dialog").close());

// ---- img2img upload and the mask painter
const painter = { drawing: false, erase: false, painted: false };
$("init-file").addEventListener("change", () => {
  const file = $("init-file").files[0];
  if (!file) return;
  const image = new Image();
  image.onload = () => {
    const canvas = $("init-canvas"), ctx = canvas.getContext("2d");
    const side = Math.min(image.width, image.height);
    ctx.imageSmoothingEnabled = false;
    ctx.drawImage(image, (image.width - side) / 2, (image.height - side) / 2, side, side, 0, 0, canvas.width, canvas.height);
    clearMask();
    $("painter").hidden = false;
    state.hasInit = true;
  };
  image.src = URL.createObjectURL(file);
});
function clearMask() {
  $("mask-canvas").getContext("2d").clearRect(0, 0, 256, 256);
  painter.painted = false;
}
function paint(event) {
  if (!painter.drawing) return;
  const canvas = $("mask-canvas"), rect = canvas.getBoundingClientRect(), ctx = canvas.getContext("2d");
  const x = ((event.clientX - rect.left) / rect.width) * canvas.width, y = ((event.clientY - rect.top) / rect.height) * canvas.height;
  ctx.globalCompositeOperation = painter.erase ? "destination-out" : "source-over";
  ctx.fillStyle = "#fff";
  ctx.beginPath();
  ctx.arc(x, y, $("brush-size").value / 2, 0, Math.PI * 2);
  ctx.fill();
  if (!painter.erase) painter.painted = true;
}
$("mask-canvas").addEventListener("pointerdown", (e) => { painter.drawing = true; paint(e); });
$("mask-canvas").addEventListener("pointermove", paint);
window.addEventListener("pointerup", () => (painter.drawing = false));
$("brush").addEventListener("click", () => { painter.erase = false; $("brush").classList.add("active"); $("eraser").classList.remove("active"); });
$("eraser").addEventListener("click", () => { painter.erase = true; $("eraser").classList.add("active"); $("brush").classList.remove("active"); });
$("clear-mask").addEventListener("click", clearMask);
$("remove-init").addEventListener("click", () => { state.hasInit = false; $("painter").hidden = true; $("init-file").value = ""; });
function maskDataUrl() {
  const out = document.createElement("canvas");
  out.width = out.height = 256;
  const ctx = out.getContext("2d");
  ctx.fillStyle = "#000";
  ctx.fillRect(0, 0, 256, 256);
  ctx.drawImage($("mask-canvas"), 0, 0);
  return out.toDataURL("image/png");
}

// ---- generate, follow, cancel
$("form").addEventListener("submit", async (event) => {
  event.preventDefault();
  $("form-error").textContent = "";
  const m = currentModel();
  const spec = { model: m.name, count: Number($("count").value) };
  const seed = Number($("seed").value);
  if (seed >= 0) spec.seed = seed;
  if (m.text) spec.prompt = $("prompt").value;
  else if (m.classes.length && $("class").value) spec.prompt = $("class").value;
  if (m.guidance) { spec.guidance = Number($("guidance").value); if ($("negative").value.trim()) spec.negative_prompt = $("negative").value; }
  if (m.sampler) { spec.sampler = $("sampler").value; spec.steps = Number($("steps").value); }
  if (m.init_image && state.hasInit && $("img2img").open) {
    spec.init_image = $("init-canvas").toDataURL("image/png");
    if (m.family !== "quilting") {
      spec.strength = Number($("strength").value);
      if (painter.painted) spec.mask = maskDataUrl();
    }
  }
  try {
    const job = await api("/api/jobs", { method: "POST", body: JSON.stringify(spec) });
    state.lastSeed = job.seed;
    follow(job);
    refreshQueue();
  } catch (e) {
    $("form-error").textContent = e.message;
  }
});

function follow(job) {
  if (state.events) state.events.close();
  state.job = job.id;
  $("progress").hidden = false;
  $("preview").removeAttribute("src");
  $("results").innerHTML = "";
  $("cancel").disabled = false;
  showProgress(job);
  const events = new EventSource(`/api/jobs/${job.id}/events`);
  state.events = events;
  const handle = (kind) => (message) => {
    const data = JSON.parse(message.data);
    if (data.preview) $("preview").src = data.preview;
    showProgress(data.job, kind);
    if (["done", "failed", "cancelled"].includes(kind)) {
      events.close();
      $("cancel").disabled = true;
      if (kind === "done") showResults(data.job.images);
      if (kind === "failed") $("form-error").textContent = data.job.error;
      refreshQueue();
    }
  };
  for (const kind of ["queued", "started", "step", "done", "failed", "cancelled"]) events.addEventListener(kind, handle(kind));
}
function showProgress(job, kind) {
  let text;
  if (job.state === "queued") text = `queued, position ${job.position ?? "?"}`;
  else if (job.state === "running") text = `step ${job.step} of ${job.steps}` + (job.eta_seconds != null ? `, about ${Math.ceil(job.eta_seconds)} s left` : "");
  else text = job.state + (job.error ? `: ${job.error}` : "");
  if (job.warnings && job.warnings.length) text += ` — ${job.warnings.join("; ")}`;
  $("progress-text").textContent = text;
  $("bar-fill").style.width = `${Math.round(job.progress * 100)}%`;
}
function showResults(ids) {
  $("results").innerHTML = "";
  for (const id of ids) $("results").append(thumb({ id, url: `/api/images/${id}.png`, prompt: "" }));
}
$("cancel").addEventListener("click", () => { if (state.job) api(`/api/jobs/${state.job}`, { method: "DELETE" }); });

async function refreshQueue() {
  try {
    const q = await api("/api/jobs");
    const list = $("queue");
    list.innerHTML = "";
    const rows = (q.current ? [q.current] : []).concat(q.waiting);
    if (!rows.length) list.innerHTML = '<li class="muted">empty</li>';
    for (const job of rows) {
      const li = document.createElement("li");
      li.textContent = `${job.state === "running" ? "running" : "waiting"}: ${job.model} “${job.prompt ?? ""}” ×${job.count}`;
      const b = document.createElement("button");
      b.className = "ghost"; b.textContent = "cancel";
      b.onclick = async () => { await api(`/api/jobs/${job.id}`, { method: "DELETE" }); refreshQueue(); };
      li.append(b);
      list.append(li);
    }
  } catch { /* the server may be restarting */ }
}
setInterval(refreshQueue, 1500);

// ---- gallery
function thumb(image) {
  const figure = document.createElement("figure");
  const img = document.createElement("img");
  img.src = image.url; img.loading = "lazy"; img.alt = image.prompt;
  const caption = document.createElement("figcaption");
  caption.textContent = image.prompt ? `${image.prompt} · ${image.seed}` : "";
  figure.append(img, caption);
  figure.addEventListener("click", () => openViewer(image.id));
  return figure;
}
async function loadGallery() {
  const params = new URLSearchParams({ page: state.page, size: state.pageSize });
  if ($("search").value.trim()) params.set("q", $("search").value.trim());
  if ($("gallery-model").value) params.set("model", $("gallery-model").value);
  const result = await api(`/api/images?${params}`);
  const grid = $("gallery-grid");
  grid.innerHTML = "";
  if (!result.images.length) grid.innerHTML = '<p class="muted">No images yet.</p>';
  for (const image of result.images) grid.append(thumb(image));
  const pages = Math.max(1, Math.ceil(result.total / state.pageSize));
  $("page-text").textContent = `page ${state.page + 1} of ${pages} · ${result.total} images`;
  $("prev").disabled = state.page === 0;
  $("next").disabled = state.page + 1 >= pages;
}
let searchTimer;
$("search").addEventListener("input", () => { clearTimeout(searchTimer); searchTimer = setTimeout(() => { state.page = 0; loadGallery(); }, 250); });
$("gallery-model").addEventListener("change", () => { state.page = 0; loadGallery(); });
$("prev").addEventListener("click", () => { state.page = Math.max(0, state.page - 1); loadGallery(); });
$("next").addEventListener("click", () => { state.page++; loadGallery(); });

async function openViewer(id) {
  const image = await api(`/api/images/${id}`);
  state.viewing = image;
  $("viewer-image").src = image.url;
  $("viewer-text").textContent = image.parameters;
  $("viewer-download").href = image.url;
  $("viewer-download").download = `${image.id}.png`;
  $("viewer").showModal();
}
$("viewer-close").addEventListener("click", () => $("viewer").close());
$("viewer-send").addEventListener("click", () => { $("viewer").close(); sendToGenerate(parseParameters(state.viewing.parameters), state.viewing.model); });
$("viewer-delete").addEventListener("click", async () => {
  if (!confirm("Delete this image for good?")) return;
  await api(`/api/images/${state.viewing.id}`, { method: "DELETE" });
  $("viewer").close();
  loadGallery();
});

// ---- PNG info
function parseParameters(text) {
  const lines = text.trim().split("\n");
  const result = { prompt: "", negative: "" };
  const last = lines.length && /(^|, )Steps: /.test(lines[lines.length - 1]) ? lines.pop() : "";
  const negativeAt = lines.findIndex((l) => l.startsWith("Negative prompt:"));
  if (negativeAt >= 0) { result.negative = lines.slice(negativeAt).join("\n").slice("Negative prompt:".length).trim(); lines.length = negativeAt; }
  result.prompt = lines.join("\n");
  for (const match of last.matchAll(/([A-Za-z][\w \-/]*): ("(?:[^"\\]|\\.)*"|[^,]*)/g)) result[match[1].trim()] = match[2].replace(/^"|"$/g, "").trim();
  return result;
}
function sendToGenerate(p, model) {
  const name = model || p.Model;
  if (name && state.models.some((m) => m.name === name)) { $("model").value = name; modelChanged(); }
  const m = currentModel();
  if (m.text) $("prompt").value = p.prompt;
  else if (p.prompt.startsWith("class ")) $("class").value = p.prompt.slice(6);
  $("negative").value = p.negative.startsWith("class ") ? "" : p.negative;
  if (p.Steps) { $("steps").value = p.Steps; $("steps-out").value = p.Steps; }
  if (p["CFG scale"]) { $("guidance").value = p["CFG scale"]; $("guidance-out").value = p["CFG scale"]; }
  if (p.Seed) $("seed").value = p.Seed;
  if (p.Sampler) {
    const base = p.Sampler.replace(/ Karras$/, "");
    const s = state.samplers.find((x) => x.name === base);
    if (s) $("sampler").value = s.aliases[0];
  }
  $("count").value = 1;
  showTab("generate");
}
async function readPng(file) {
  const dataUrl = await new Promise((resolve) => { const r = new FileReader(); r.onload = () => resolve(r.result); r.readAsDataURL(file); });
  try {
    const info = await api("/api/png-info", { method: "POST", body: JSON.stringify({ image: dataUrl }) });
    $("png-text").textContent = info.info || "This PNG holds no generation parameters.";
    state.pngParameters = info.info ? parseParameters(info.info) : null;
    $("png-send").hidden = !state.pngParameters;
  } catch (e) {
    $("png-text").textContent = e.message;
    $("png-send").hidden = true;
  }
}
$("png-file").addEventListener("change", () => $("png-file").files[0] && readPng($("png-file").files[0]));
const drop = $("drop");
drop.addEventListener("dragover", (e) => { e.preventDefault(); drop.classList.add("over"); });
drop.addEventListener("dragleave", () => drop.classList.remove("over"));
drop.addEventListener("drop", (e) => { e.preventDefault(); drop.classList.remove("over"); if (e.dataTransfer.files[0]) readPng(e.dataTransfer.files[0]); });
$("png-send").addEventListener("click", () => sendToGenerate(state.pngParameters));

loadModels().catch((e) => ($("form-error").textContent = e.message));
refreshQueue();
