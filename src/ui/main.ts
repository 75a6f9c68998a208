/**
 * A minimal page until the patcher UI lands: pick a demo patch, render it in the browser with the
 * same engine the CLI uses (onnxruntime-web, WASM), play it and draw its waveform.
 */
import { Engine } from "../engine/engine";
import { fetchLoader } from "../engine/resources";
import { parsePatch } from "../engine/patch/parse";
import { DEFAULT_MODEL_ID } from "../engine/models/defaults";
import { nodeRegistry } from "../nodes";
import type { AudioValue } from "../engine/values";

const examples = import.meta.glob<string>("../../examples/*.patch.json", {
  query: "?raw",
  import: "default",
  eager: true,
});
const names = Object.keys(examples).sort();
const label = (path: string) => path.replace(/^.*\//, "").replace(".patch.json", "");

const app = document.querySelector<HTMLElement>("#app")!;
app.innerHTML = `
  <h1>Latent Patcher</h1>
  <p class="sub">Patch neural audio latents. Default model: <code>${DEFAULT_MODEL_ID}</code>.</p>
  <div class="row">
    <select id="patch" aria-label="demo patch">${names.map((n) => `<option value="${n}">${label(n)}</option>`).join("")}</select>
    <button id="play">Render &amp; play</button>
    <button id="stop">Stop</button>
  </div>
  <div id="status" role="status"></div>
  <canvas id="wave" width="900" height="120"></canvas>
  <h3>Nodes in this patch</h3>
  <ol class="nodes" id="nodes"></ol>`;

const select = app.querySelector<HTMLSelectElement>("#patch")!;
const status = app.querySelector<HTMLElement>("#status")!;
const playButton = app.querySelector<HTMLButtonElement>("#play")!;
const engine = new Engine({
  registry: nodeRegistry,
  appLoader: fetchLoader(new URL("/", location.href).href),
  defaultModelId: DEFAULT_MODEL_ID,
});
let context: AudioContext | undefined;
let playing: AudioBufferSourceNode | undefined;

function say(text: string, error = false): void {
  status.textContent = text;
  status.classList.toggle("error", error);
}

function showNodes(): void {
  const patch = parsePatch(examples[select.value]!, nodeRegistry);
  app.querySelector("#nodes")!.innerHTML = patch.nodes
    .map(
      (n) => `<li><b>${n.id}</b> ${n.type} — ${nodeRegistry.get(n.type)?.description ?? ""}</li>`,
    )
    .join("");
}

function drawWave(audio: AudioValue): void {
  const canvas = app.querySelector<HTMLCanvasElement>("#wave")!;
  const g = canvas.getContext("2d")!;
  const x = audio.channels[0]!;
  g.clearRect(0, 0, canvas.width, canvas.height);
  g.fillStyle = "#7fb0ff";
  const step = Math.max(1, Math.floor(x.length / canvas.width));
  for (let px = 0; px < canvas.width; px++) {
    let peak = 0;
    for (let i = px * step; i < (px + 1) * step && i < x.length; i++)
      peak = Math.max(peak, Math.abs(x[i]!));
    const h = peak * canvas.height;
    g.fillRect(px, (canvas.height - h) / 2, 1, Math.max(1, h));
  }
}

async function renderAndPlay(): Promise<void> {
  playButton.disabled = true;
  try {
    say("loading the model and the sounds…");
    await engine.load(parsePatch(examples[select.value]!, nodeRegistry));
    say("rendering…");
    const started = performance.now();
    const result = await engine.render();
    const [audio] = result.outputs.values();
    if (!audio) throw new Error("this patch has no AudioOut node");
    const seconds = audio.channels[0]!.length / audio.sampleRate;
    say(
      `rendered ${seconds.toFixed(1)} s in ${((performance.now() - started) / 1000).toFixed(2)} s — playing`,
    );
    drawWave(audio);
    context ??= new AudioContext();
    const buffer = context.createBuffer(
      audio.channels.length,
      audio.channels[0]!.length,
      audio.sampleRate,
    );
    audio.channels.forEach((c, i) => buffer.copyToChannel(c as Float32Array<ArrayBuffer>, i));
    playing?.stop();
    playing = context.createBufferSource();
    playing.buffer = buffer;
    playing.connect(context.destination);
    playing.start();
  } catch (err) {
    say(err instanceof Error ? err.message : String(err), true);
  } finally {
    playButton.disabled = false;
  }
}

select.addEventListener("change", showNodes);
playButton.addEventListener("click", () => void renderAndPlay());
app.querySelector("#stop")!.addEventListener("click", () => playing?.stop());
showNodes();
