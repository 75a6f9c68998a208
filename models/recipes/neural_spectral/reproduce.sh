#!/usr/bin/env bash
# The shipped neural-spectral pack in one command, on ONE machine that has the Debian packages
# (python3-torch, python3-numpy, python3-onnx, fluidsynth, fluid-soundfont-gm, sonic-pi-samples,
# hydrogen-drumkits, sox) and the repo's node_modules:
#
#   bash models/recipes/neural_spectral/reproduce.sh            # with a CUDA GPU: ~1 h 15 min
#   DEVICE=cpu MINUTES=1500 bash models/recipes/neural_spectral/reproduce.sh  # no GPU: over a day
#
# The steps are those of the pack README's "Reproduce", where the GPU step ran on another
# machine (the bundles carried by remote.py); here the bundle is packed and unpacked in place,
# which gives the same samples. MINUTES is the GPU step's wall time: 15 on an H100 made 91 459
# steps (about 100 a second, sharing the GPU with three other variants). On a CPU the step has
# only run for a few steps (tests/recipes/gpuRecipe.test.ts); its speed at full size is not
# measured, so the CPU figure above is a guess. The manifest's trainedOn text is the shipped
# pack's (a rerun's own step counts are in quality.json). Each step is tested on its own; this
# script as a whole has not been run.
set -euo pipefail
cd "$(dirname "$0")/../../.."
PY=${PY:-/usr/bin/python3}
DEVICE=${DEVICE:-cuda}
MINUTES=${MINUTES:-15}
R=models/recipes/neural_spectral
D=models/neural-spectral/data
T=$D/train

"$PY" $R/data.py --log-floor 1e-5
rm -rf $D/carried $D/audio
"$PY" $R/remote.py pack --out $D/carried --wavs $T/batch_00{0..9}.wav $T/batch_01{0..3}.wav \
  --heldout $D/heldout/batch_000.wav --drums 2
"$PY" $R/remote.py unpack $D/carried $D/audio >/dev/null
"$PY" $R/gpu_train.py --device "$DEVICE" --audio $D/audio --work $D/gpu --minutes "$MINUTES" \
  --threads 4 --lr 7e-4 --variants f5-h384:1e-5:384:2
"$PY" $R/make_pack.py --log-floor 1e-5 --data $D/f1e-05 --init $D/gpu/f5-h384.pt \
  --trained-on "$("$PY" -c 'import json; print(json.load(open("models/neural-spectral/model.json"))["trainedOn"])')"
