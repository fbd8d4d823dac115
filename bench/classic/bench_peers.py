#!/usr/bin/python3
"""The peers of `pigment bench classic`, run on the same machine with the same inputs:

* OpenCV (Debian's python3-opencv): GaussianBlur, blur (box) and filter2D on a 2048x2048 RGB image, in float32 (the
  same data type as Pigment's filters) and in uint8 (OpenCV's fastest path), with BORDER_REFLECT_101 = torch's
  reflect padding;
* a straightforward NumPy image quilting with the same parameters as Pigment's (512x512 from a 128x128 sample,
  32-px blocks, 5-px overlap, tolerance 0.1, minimum-error boundary cut): overlap errors for all candidates at once
  with sliding_window_view, the cut by dynamic programming.

With --csharp FILE (the JSON of `pigment bench classic --json FILE`) it writes a Markdown table of both, with ratios.
"""
import argparse
import json
import os
import platform
import statistics
import time

import cv2
import numpy as np
from numpy.lib.stride_tricks import sliding_window_view


def median_time(fn, repeats):
    fn()  # warm-up
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def synthetic_image(size=2048):
    # f(x, y, c) = ((7x + 13y + 29c) mod 256) / 255, as in BenchCommand.cs
    y, x, c = np.meshgrid(np.arange(size), np.arange(size), np.arange(3), indexing="ij")
    return (((7 * x + 13 * y + 29 * c) % 256) / 255.0).astype(np.float32)


def bench_filters(repeats):
    img = synthetic_image()
    img8 = np.round(img * 255).astype(np.uint8)
    sharpen = np.array([[0, -1, 0], [-1, 5, -1], [0, -1, 0]], np.float32)
    border = cv2.BORDER_REFLECT_101
    cases = {
        "filter gaussian sigma=2 (13x13)": lambda im: cv2.GaussianBlur(im, (13, 13), 2.0, borderType=border),
        "filter box 5x5": lambda im: cv2.blur(im, (5, 5), borderType=border),
        "filter sharpen 3x3": lambda im: cv2.filter2D(im, -1, sharpen, borderType=border),
    }
    out = {}
    for name, fn in cases.items():
        res = {}
        res["float32"] = median_time(lambda: fn(img), repeats)
        res["checksum"] = float(np.clip(fn(img), 0, 1).std())
        res["uint8"] = median_time(lambda: fn(img8), repeats)
        out[name] = res
    return out


def min_cut_vertical(e):
    """E(i, j) = e(i, j) + min(E(i-1, j-1), E(i-1, j), E(i-1, j+1)); returns the path's column per row."""
    rows, cols = e.shape
    E = e.astype(np.float64).copy()
    for i in range(1, rows):
        prev = E[i - 1]
        left = np.concatenate(([np.inf], prev[:-1]))
        right = np.concatenate((prev[1:], [np.inf]))
        E[i] += np.minimum(np.minimum(left, prev), right)
    path = np.zeros(rows, int)
    path[-1] = int(np.argmin(E[-1]))
    for i in range(rows - 2, -1, -1):
        j = path[i + 1]
        lo, hi = max(0, j - 1), min(cols, j + 2)
        path[i] = lo + int(np.argmin(E[i, lo:hi]))
    return path


def quilt(sample, out_size, block, overlap, tol, rng):
    h, w, c = sample.shape
    step = block - overlap
    n = int(np.ceil((out_size - overlap) / step))
    size = n * step + overlap
    out = np.zeros((size, size, c), np.float32)
    windows = sliding_window_view(sample, (block, block), axis=(0, 1))  # (nv, nu, C, B, B)
    nv, nu = windows.shape[:2]
    for bi in range(n):
        for bj in range(n):
            y, x = bi * step, bj * step
            if bi == 0 and bj == 0:
                v, u = rng.integers(nv), rng.integers(nu)
            else:
                target = out[y:y + block, x:x + block].transpose(2, 0, 1)  # (C, B, B)
                err = np.zeros((nv, nu), np.float32)
                count = 0
                if bj > 0:
                    d = windows[:, :, :, :, :overlap] - target[None, None, :, :, :overlap]
                    err += np.einsum("vucij,vucij->vu", d, d)
                    count += block * overlap
                if bi > 0:
                    x0 = overlap if bj > 0 else 0
                    d = windows[:, :, :, :overlap, x0:] - target[None, None, :, :overlap, x0:]
                    err += np.einsum("vucij,vucij->vu", d, d)
                    count += overlap * (block - x0)
                err /= count * c
                best = err.min()
                cand = np.argwhere(err <= (1 + tol) * best + 1e-6)
                v, u = cand[rng.integers(len(cand))]
            patch = sample[v:v + block, u:u + block]
            mask = np.ones((block, block), bool)
            region = out[y:y + block, x:x + block]
            if bj > 0:
                e = ((patch[:, :overlap] - region[:, :overlap]) ** 2).sum(axis=2)
                p = min_cut_vertical(e)
                mask &= np.arange(block)[None, :] >= p[:, None]
            if bi > 0:
                e = ((patch[:overlap] - region[:overlap]) ** 2).sum(axis=2)
                p = min_cut_vertical(e.T)
                mask &= np.arange(block)[:, None] >= p[None, :]
            region[mask] = patch[mask]
    return out[:out_size, :out_size]


def bench_quilting(sample_path, repeats):
    sample = cv2.imread(sample_path, cv2.IMREAD_COLOR)[:128, :128].astype(np.float32) / 255.0
    result = {}
    result["seconds"] = median_time(lambda: quilt(sample, 512, 32, 5, 0.1, np.random.default_rng(1)), repeats)
    return result


def write_report(cs, py, command, path):
    r = cs["results"]
    lines = []
    lines.append("# Classic methods: speed against peers\n")
    lines.append("Measured side by side in one run on this machine (2 cores, "
                 f"{platform.processor() or platform.machine()}), median of the timed runs after one warm-up.\n")
    lines.append(f"Command: `{command}`\n")
    load = os.getloadavg()
    lines.append(f"Load average when the report was written: {load[0]:.2f} / {load[1]:.2f} / {load[2]:.2f} "
                 "(1 / 5 / 15 min; the machine has 2 cores and other work may share it).\n")
    lines.append(f"Pigment: .NET {cs.get('dotnet', '10')}, torch threads {cs['threads_torch']}, "
                 f"Vector<float> {cs['vector_bits']} bits. OpenCV {cv2.__version__} "
                 f"({cv2.getNumThreads()} threads), NumPy {np.__version__}.\n")
    lines.append("## Convolution filters, 2048x2048 RGB\n")
    lines.append("| filter | Pigment (float32) | OpenCV float32 | OpenCV uint8 | Pigment / OpenCV float32 | Pigment / OpenCV uint8 | std of output, Pigment vs OpenCV |")
    lines.append("|---|---:|---:|---:|---:|---:|---|")
    for name, peer in py["filters"].items():
        mine = r[name]["seconds"]
        lines.append(f"| {name.replace('filter ', '')} | {mine * 1e3:.1f} ms | {peer['float32'] * 1e3:.1f} ms | {peer['uint8'] * 1e3:.1f} ms "
                     f"| {mine / peer['float32']:.2f}x | {mine / peer['uint8']:.2f}x | {r[name]['checksum']:.5f} vs {peer['checksum']:.5f} |")
    lines.append("\n## Image quilting, 512x512 from a 128x128 sample, 32-px blocks, 5-px overlap\n")
    q = r["quilt 512x512 from 128x128, B=32 O=5"]["seconds"]
    lines.append("| implementation | time | speed-up of Pigment |")
    lines.append("|---|---:|---:|")
    lines.append(f"| Pigment (C#, SIMD correlation + integral images, 2 cores) | {q * 1e3:.0f} ms | |")
    lines.append(f"| NumPy (vectorised over candidates, sliding_window_view + einsum) | {py['quilting']['seconds'] * 1e3:.0f} ms "
                 f"| {py['quilting']['seconds'] / q:.1f}x |")
    lines.append("\n## Other Pigment timings (no peer)\n")
    lines.append("| case | time |")
    lines.append("|---|---:|")
    for name, entry in r.items():
        if name.startswith("filter") or name.startswith("quilt"):
            continue
        lines.append(f"| {name} | {entry['seconds'] * 1e3:.0f} ms |")
    worst = max(r[name]["seconds"] / peer["float32"] for name, peer in py["filters"].items())
    worst8 = max(r[name]["seconds"] / peer["uint8"] for name, peer in py["filters"].items())
    lines.append("\n## Targets\n")
    lines.append(f"- Quilting 512x512 from 128x128 with 32-px blocks under 2 s: {q:.2f} s, "
                 f"{'met' if q < 2 else 'NOT met'} (a cold `pigment texture quilt` process, JIT included, prints about 0.5 s).")
    lines.append(f"- Filters no slower than 2x OpenCV (float32, same data type): worst ratio {worst:.2f}x, "
                 f"{'met' if worst <= 2 else 'NOT met'}. Against OpenCV's uint8 path (fixed-point, a quarter of the memory "
                 f"traffic) the worst ratio is {worst8:.2f}x; Pigment's filters work on float tensors.")
    lines.append("\n## Notes\n")
    lines.append("- Same input on both sides: f(x, y, c) = ((7x + 13y + 29c) mod 256) / 255; the matching standard deviations "
                 "of the outputs show the two compute the same filter (reflect-101 borders, clamped to [0, 1]).")
    lines.append("- Pigment's filters are `ConvolutionFilters.Apply` on a (3, 2048, 2048) float32 tensor: a C# SIMD path "
                 "(separable kernels as two 1-D passes) that replaced torch's depthwise conv2d on the CPU, which took "
                 "899 / 1188 / 435 ms for these three filters on this machine (same benchmark, before the change).")
    lines.append("- A fresh 48 MB output costs ~30-50 ms of page faults here with 4 KiB pages. NumPy advises transparent huge "
                 "pages for its arrays (OpenCV's sharpen: ~8 ms with that advice, ~28 ms without, measured here), so "
                 "Pigment's CPU path gives its output tensor the same `madvise(MADV_HUGEPAGE)`.")
    lines.append("- The ~10 ms cases vary by about ±30 % from run to run on this shared 2-core VM (OpenCV's float32 sharpen "
                 "measured 6.5, 7.1, 7.9 and 9.6 ms in four runs on the day this was written), so a ratio near 2x can "
                 "land on either side of the target.")
    lines.append("- The NumPy quilting is vectorised over all candidate positions (no Python loop per candidate) with the "
                 "same block, overlap, tolerance and minimum-error cut; a loop per candidate would be far slower.")
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sample", default="data/textures/bricks.png")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--csharp", help="JSON written by `pigment bench classic --json`")
    parser.add_argument("--out", default="bench/classic/RESULTS.md")
    parser.add_argument("--command", default="bash bench/classic/run.sh")
    args = parser.parse_args()
    py = {"filters": bench_filters(args.repeats), "quilting": bench_quilting(args.sample, max(1, args.repeats // 2))}
    print(json.dumps(py, indent=2))
    if args.csharp:
        with open(args.csharp) as f:
            cs = json.load(f)
        write_report(cs, py, args.command, args.out)
        print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
