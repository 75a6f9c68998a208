/** One inspector view per value type: what a node's output looks like after a render. */
import { useCallback, useEffect, useMemo, useState } from "react";
import type { AudioValue, CurveValue, LatentValue, VectorValue } from "../../engine/values";
import type { DescriptorName } from "../../engine/models/types";
import { latentHeatmap, spectrogramImage } from "./images";
import { projectCodebook, projectLatent, shadeOf } from "./projection";
import { modelInfo, type ModelInfo } from "./modelInfo";
import {
  AXIS,
  drawBars,
  drawCurve,
  drawImage,
  drawWave,
  fmt,
  label,
  Plot,
  PlotCanvas,
} from "./plotCanvas";
import { CodebookMap, TrajectoryPlot } from "./mapPlots";
import { ColourLegend } from "./axes";
import { diverging, sequential } from "./colormap";
import { linearTicks, logTicks } from "./scales";

const seconds = (n: number, rate: number) => (rate > 0 ? n / rate : 0);
const hz = (v: number) => (v >= 1000 ? `${fmt(v / 1000)} kHz` : `${fmt(v)} Hz`);

/** The statistics of model `id`, once loaded (undefined meanwhile or when it cannot be read). */
export function useModelInfo(id: string | undefined): ModelInfo | undefined {
  const [loaded, setLoaded] = useState<{ id: string; info: ModelInfo } | undefined>(undefined);
  useEffect(() => {
    if (id === undefined) return;
    let live = true;
    modelInfo(id).then(
      (info) => live && setLoaded({ id, info }),
      (err: unknown) => console.warn("inspector: no statistics for model", id, err),
    );
    return () => void (live = false);
  }, [id]);
  return loaded && loaded.id === id ? loaded.info : undefined;
}

export function AudioView({ value }: { value: AudioValue }) {
  const x = value.channels[0] ?? new Float32Array(0);
  const dur = seconds(x.length, value.sampleRate);
  const spec = useMemo(() => spectrogramImage(x, value.sampleRate), [x, value.sampleRate]);
  const wave = useCallback(
    (g: CanvasRenderingContext2D, w: number, h: number) => drawWave(g, x, w, h),
    [x],
  );
  const image = useCallback(
    (g: CanvasRenderingContext2D, w: number, h: number) => {
      drawImage(g, spec, w, h, true);
      for (const t of logTicks(spec.minHz, spec.maxHz, 4, hz)) {
        const y = Math.round((1 - t.at) * h);
        g.fillStyle = AXIS;
        g.fillRect(0, y, 4, 1);
        label(g, t.text, 6, Math.min(h - 3, Math.max(10, y + 4)));
      }
    },
    [spec],
  );
  const levels = linearTicks(spec.floorDb, 0, 5, (v) => `${v}`);
  const chans = value.channels.length > 1 ? ` · ${value.channels.length} ch (1st shown)` : "";
  return (
    <>
      <Plot
        title="waveform"
        caption={`${dur.toFixed(2)} s · ${value.sampleRate} Hz${chans}`}
        seconds={dur}
      >
        <PlotCanvas draw={wave} label="waveform" />
      </Plot>
      <Plot
        title="spectrogram"
        caption="log frequency · level re the loudest bin"
        seconds={dur}
        tall
        legend={<ColourLegend colour={sequential} ticks={levels} unit="dB" />}
      >
        <PlotCanvas draw={image} label="spectrogram" />
      </Plot>
    </>
  );
}

export function LatentView({ value }: { value: LatentValue }) {
  const info = useModelInfo(value.modelId);
  const dur = seconds(value.frames, value.frameRate);
  const heat = useMemo(() => latentHeatmap(value, info?.stats), [value, info]);
  const points = useMemo(
    () => (info ? projectLatent(value, info.stats) : undefined),
    [value, info],
  );
  const draw = useCallback(
    (g: CanvasRenderingContext2D, w: number, h: number) => {
      drawImage(g, heat, w, h, false);
      label(g, "dim 0", 4, 12);
      label(g, `dim ${value.dims - 1}`, 4, h - 4);
    },
    [heat, value.dims],
  );
  const unit = heat.standardized ? "σ" : "";
  const values = useMemo(() => linearTicks(-heat.limit, heat.limit, 5), [heat.limit]);
  return (
    <>
      <Plot
        title="neural spectrogram"
        caption={`${value.dims} dims × ${value.frames} frames · ±${fmt(heat.limit)}${unit}`}
        seconds={dur}
        tall
        legend={
          <ColourLegend
            colour={diverging}
            ticks={values}
            unit={heat.standardized ? "σ from mean" : "value"}
          />
        }
      >
        <PlotCanvas draw={draw} label="latent heatmap" />
      </Plot>
      {points && (
        <Plot title="principal trajectory" caption={`model ${info?.id} · ○ start □ end`} tall>
          <TrajectoryPlot points={points} frameRate={value.frameRate} />
        </Plot>
      )}
    </>
  );
}

export function CurveView({ name, value }: { name: string; value: CurveValue }) {
  const draw = useCallback(
    (g: CanvasRenderingContext2D, w: number, h: number) => drawCurve(g, value.values, w, h),
    [value],
  );
  const dur = seconds(value.values.length, value.rate);
  return (
    <Plot
      title="over time"
      caption={`curve · ${value.values.length} values · ${dur.toFixed(2)} s`}
      seconds={dur}
    >
      <PlotCanvas draw={draw} label={`curve ${name}`} />
    </Plot>
  );
}

export function VectorView({ name, value }: { name: string; value: VectorValue }) {
  const draw = useCallback(
    (g: CanvasRenderingContext2D, w: number, h: number) => drawBars(g, value.data, w, h),
    [value],
  );
  return (
    <Plot
      title={name}
      caption={`vector · ${value.data.length} dims · model ${value.modelId || "default"}`}
    >
      <PlotCanvas draw={draw} label={`vector ${name}`} />
    </Plot>
  );
}

const DESCRIPTORS: readonly DescriptorName[] = ["centroid", "loudness", "f0"];

/** The codebook of `modelId` on the principal plane, with the entries `indices` chose. */
export function CodebookView(props: { modelId: string; indices: CurveValue; initial?: string }) {
  const info = useModelInfo(props.modelId);
  const start = DESCRIPTORS.find((d) => d === props.initial) ?? "centroid";
  const [descriptor, setDescriptor] = useState<DescriptorName>(start);
  const codebook = info?.codebook;
  const entries = useMemo(
    () => (info && codebook ? projectCodebook(codebook, info.stats) : undefined),
    [info, codebook],
  );
  const shade = useMemo(
    () =>
      codebook ? shadeOf(codebook.descriptors[descriptor], descriptor !== "loudness") : undefined,
    [codebook, descriptor],
  );
  if (!info) return null;
  if (!codebook || !entries || !shade)
    return <p className="lp-inspector-note">model {info.id} has no codebook</p>;
  const ticks = shade.log
    ? logTicks(shade.lo, shade.hi, 5, hz)
    : linearTicks(shade.lo, shade.hi, 5, (v) => fmt(v));
  const used = new Set(props.indices.values).size;
  return (
    <Plot
      title="codebook"
      caption={`${codebook.size} entries · ${used} chosen · colour: ${descriptor}`}
      tall
      legend={
        <ColourLegend
          colour={(u) => sequential(0.15 + 0.85 * u)}
          ticks={ticks}
          unit={shade.log ? descriptor : `${descriptor} dB`}
        />
      }
    >
      <CodebookMap
        entries={entries}
        shade={shade.shade}
        chosen={props.indices.values}
        frameRate={props.indices.rate}
      />
      <select
        className="lp-plot-select"
        aria-label="colour codebook by"
        value={descriptor}
        onChange={(e) => setDescriptor(e.target.value as DescriptorName)}
      >
        {DESCRIPTORS.map((d) => (
          <option key={d}>{d}</option>
        ))}
      </select>
    </Plot>
  );
}
