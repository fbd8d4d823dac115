namespace Pigment.Pipelines.Generation;

/// <summary>
/// What a model takes beyond a count and a seed, so that a front end (the web page, an API) offers only what it can
/// honour: free text or class names as prompts, guidance (and with it a negative prompt), a sampler with steps, a
/// starting image and mask, a temperature.
/// </summary>
public sealed record GeneratorAbilities(bool Text, bool Guidance, bool Sampler, bool InitImage, bool Temperature);
