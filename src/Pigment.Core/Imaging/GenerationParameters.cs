using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Pigment.Core.Imaging;

/// <summary>
/// What produced an image, in the text layout AUTOMATIC1111's web UI writes to a PNG's <c>parameters</c> chunk:
/// <code>
/// a small red circle above a blue square
/// Negative prompt: blurry
/// Steps: 20, Sampler: DPM++ 2M, CFG scale: 3, Seed: 42, Size: 32x32, Model: ddpm-mnist
/// </code>
/// The prompt and negative prompt lines are left out when empty. Keys Pigment does not know are kept in
/// <see cref="Extra"/>, in order, so other tools' files round-trip.
/// </summary>
public sealed partial record GenerationParameters
{
    public string Prompt { get; init; } = "";

    public string NegativePrompt { get; init; } = "";

    public int? Steps { get; init; }

    public string? Sampler { get; init; }

    public double? CfgScale { get; init; }

    public long? Seed { get; init; }

    public int? Width { get; init; }

    public int? Height { get; init; }

    public string? Model { get; init; }

    public IReadOnlyList<KeyValuePair<string, string>> Extra { get; init; } = [];

    private const string NegativePrefix = "Negative prompt:";

    public string Format()
    {
        var text = new StringBuilder();
        if (Prompt.Length > 0)
            text.Append(Prompt).Append('\n');
        if (NegativePrompt.Length > 0)
            text.Append(NegativePrefix).Append(' ').Append(NegativePrompt).Append('\n');
        var pairs = Settings().Select(p => $"{p.Key}: {Quote(p.Value)}");
        text.Append(string.Join(", ", pairs));
        return text.ToString().TrimEnd('\n');
    }

    /// <summary>The settings line's pairs in order (Steps, Sampler, CFG scale, Seed, Size, Model, then the others), unquoted.</summary>
    public IEnumerable<KeyValuePair<string, string>> Settings()
    {
        var pairs = new List<KeyValuePair<string, string>>();
        void Add(string key, string? value)
        {
            if (value is not null)
                pairs.Add(new(key, value));
        }
        Add("Steps", Steps?.ToString(CultureInfo.InvariantCulture));
        Add("Sampler", Sampler);
        Add("CFG scale", CfgScale?.ToString("0.###", CultureInfo.InvariantCulture));
        Add("Seed", Seed?.ToString(CultureInfo.InvariantCulture));
        if (Width is not null && Height is not null)
            Add("Size", $"{Width}x{Height}");
        Add("Model", Model);
        pairs.AddRange(Extra);
        return pairs;
    }

    public override string ToString() => Format();

    /// <summary>Reads the layout back; text without a settings line is taken as a prompt alone.</summary>
    public static GenerationParameters Parse(string text)
    {
        var lines = text.Replace("\r\n", "\n").Split('\n').ToList();
        string settings = "";
        // The last line holds the settings when it starts with "Steps:" or has at least three "key: value" pairs.
        if (lines[^1].StartsWith("Steps:", StringComparison.Ordinal) || SettingPattern().Matches(lines[^1]).Count >= 3)
        {
            settings = lines[^1];
            lines.RemoveAt(lines.Count - 1);
        }
        var prompt = new List<string>();
        var negative = new List<string>();
        bool inNegative = false;
        foreach (var line in lines)
        {
            if (!inNegative && line.StartsWith(NegativePrefix, StringComparison.Ordinal))
            {
                inNegative = true;
                negative.Add(line[NegativePrefix.Length..].TrimStart());
            }
            else
            {
                (inNegative ? negative : prompt).Add(line);
            }
        }

        var result = new GenerationParameters
        {
            Prompt = string.Join("\n", prompt).Trim(),
            NegativePrompt = string.Join("\n", negative).Trim(),
        };
        var extra = new List<KeyValuePair<string, string>>();
        foreach (Match match in SettingPattern().Matches(settings))
        {
            var key = match.Groups[1].Value.Trim();
            var value = Unquote(match.Groups[2].Value.Trim());
            switch (key)
            {
                case "Steps" when int.TryParse(value, CultureInfo.InvariantCulture, out var steps):
                    result = result with { Steps = steps };
                    break;
                case "Sampler":
                    result = result with { Sampler = value };
                    break;
                case "CFG scale" when double.TryParse(value, CultureInfo.InvariantCulture, out var cfg):
                    result = result with { CfgScale = cfg };
                    break;
                case "Seed" when long.TryParse(value, CultureInfo.InvariantCulture, out var seed):
                    result = result with { Seed = seed };
                    break;
                case "Size" when TryParseSize(value, out var w, out var h):
                    result = result with { Width = w, Height = h };
                    break;
                case "Model":
                    result = result with { Model = value };
                    break;
                default:
                    extra.Add(new(key, value));
                    break;
            }
        }
        return result with { Extra = extra };
    }

    private static bool TryParseSize(string value, out int width, out int height)
    {
        var parts = value.Split('x');
        height = 0;
        width = 0;
        return parts.Length == 2
               && int.TryParse(parts[0], CultureInfo.InvariantCulture, out width)
               && int.TryParse(parts[1], CultureInfo.InvariantCulture, out height);
    }

    /// <summary>Values holding a comma, colon or quote are written as a JSON-style quoted string.</summary>
    private static string Quote(string value) =>
        value.IndexOfAny([',', ':', '"', '\n']) < 0
            ? value
            : "\"" + value.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n") + "\"";

    private static string Unquote(string value)
    {
        if (value.Length < 2 || value[0] != '"' || value[^1] != '"')
            return value;
        var inner = new StringBuilder();
        for (int i = 1; i < value.Length - 1; i++)
        {
            if (value[i] == '\\' && i + 1 < value.Length - 1)
            {
                i++;
                inner.Append(value[i] == 'n' ? '\n' : value[i]);
            }
            else
            {
                inner.Append(value[i]);
            }
        }
        return inner.ToString();
    }

    // key: value, where the value is a quoted string (with escapes) or runs to the next comma.
    [GeneratedRegex("""\s*([A-Za-z][\w \-/]*):\s*("(?:\\.|[^\\"])*"|[^,]*)(?:,|$)""")]
    private static partial Regex SettingPattern();
}
