using static TorchSharp.torch;

namespace Pigment.Samplers;

/// <summary>
/// All a sampler knows of a model: given x_t (the variance-preserving noisy image, B×C×H×W) and the timestep t
/// (B, continuous), predict the noise ε. Guidance, labels and v-to-ε conversion are wrapped in by the pipeline.
/// </summary>
public delegate Tensor NoisePredictor(Tensor xt, Tensor t);
