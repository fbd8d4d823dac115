using TorchSharp;

namespace Pigment.Core;

/// <summary>Turns a device name from the user into a torch device: "cpu", "cuda", "cuda:N" or "auto".</summary>
public static class Devices
{
    public static torch.Device Parse(string? name)
    {
        var text = (name ?? "auto").Trim().ToLowerInvariant();
        if (text == "auto")
            return torch.cuda.is_available() ? torch.CUDA : torch.CPU;
        if (text == "cpu")
            return torch.CPU;
        if (text == "cuda" || text.StartsWith("cuda:", StringComparison.Ordinal))
        {
            if (!torch.cuda.is_available())
                throw new PigmentException($"Device '{name}' was asked for, but this TorchSharp build has no CUDA device available.");
            return torch.device(text);
        }
        throw new PigmentException($"Unknown device '{name}': use cpu, cuda, cuda:N or auto.");
    }
}
