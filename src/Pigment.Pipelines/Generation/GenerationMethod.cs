namespace Pigment.Pipelines.Generation;

/// <summary>How a request is drawn, for tables that set families side by side.</summary>
/// <param name="Method">e.g. "DPM++ 2M, 20 steps, guidance 1" or "one generator pass"</param>
/// <param name="Parameters">the learned parameters the drawing uses (a VAE's fitted prior counts only when drawn from)</param>
/// <param name="PassesPerImage">network passes per image: "1", "20 (sampler steps; T = 1000)", "784 (one per pixel)"</param>
public sealed record GenerationMethod(string Method, long Parameters, string PassesPerImage);
