using Pigment.Core;

namespace Pigment.Pipelines;

/// <summary>Class arguments of the command line (a class name such as "7", or an index) resolved to labels.</summary>
public static class ClassLabels
{
    public static int Parse(IReadOnlyList<string> names, int classes, string text)
    {
        if (classes == 0)
            throw new PigmentException("This model is unconditional: it takes no --class.");
        int index = names.ToList().IndexOf(text);
        if (index < 0 && int.TryParse(text, out var number) && number >= 0 && number < classes)
            index = number;
        if (index < 0)
            throw new PigmentException($"Unknown class '{text}': this model knows {string.Join(", ", names)}.");
        return index;
    }

    /// <summary>Labels 0, 1, …, classes − 1, 0, 1, … for <paramref name="count"/> images; null for an unconditional model.</summary>
    public static int[]? Cycle(int count, int classes) =>
        classes > 0 ? Enumerable.Range(0, count).Select(i => i % classes).ToArray() : null;
}
