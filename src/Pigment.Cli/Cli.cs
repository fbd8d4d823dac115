using System.CommandLine;
using Pigment.Core;
using Spectre.Console;

namespace Pigment.Cli;

/// <summary>
/// How every command runs: parse errors and <see cref="PigmentException"/>s become one line on stderr and exit
/// code 1 (2 for usage errors); anything unexpected is reported on one line too, with its stack trace only when
/// PIGMENT_DEBUG=1.
/// </summary>
public static class Cli
{
    public const int UsageError = 2;
    public const int Failure = 1;

    public static int Run(RootCommand root, string[] args, TextWriter? stdout = null, TextWriter? stderr = null)
    {
        var error = stderr ?? Console.Error;
        WidenTablesWhenRedirected();
        try
        {
            args = Commands.TrainCommand.ExpandPreset(args);
        }
        catch (PigmentException e)
        {
            error.WriteLine($"pigment: {OneLine(e.Message)}");
            return UsageError;
        }
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            // The most useful message first: an unrecognised word says more than "required command not provided".
            var first = parse.Errors.FirstOrDefault(e => e.Message.StartsWith("Unrecognized", StringComparison.Ordinal)) ?? parse.Errors[0];
            error.WriteLine($"pigment: {OneLine(first.Message)} (see 'pigment --help')");
            return UsageError;
        }
        try
        {
            return parse.Invoke(new InvocationConfiguration
            {
                EnableDefaultExceptionHandler = false,
                Output = stdout ?? Console.Out,
                Error = error,
            });
        }
        catch (PigmentException e)
        {
            error.WriteLine($"pigment: {OneLine(e.Message)}");
            return Failure;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            error.WriteLine($"pigment: unexpected {e.GetType().Name}: {OneLine(e.Message)}");
            if (Environment.GetEnvironmentVariable("PIGMENT_DEBUG") == "1")
                error.WriteLine(e);
            return Failure;
        }
    }

    /// <summary>
    /// Spectre.Console draws tables 80 columns wide when stdout is not a terminal, which wraps every cell of a
    /// results table into a column of word fragments; a log file or pipe gets $COLUMNS (default 200) instead.
    /// </summary>
    private static void WidenTablesWhenRedirected()
    {
        if (!Console.IsOutputRedirected)
            return;
        AnsiConsole.Profile.Width = int.TryParse(Environment.GetEnvironmentVariable("COLUMNS"), out var columns) && columns >= 40 ? columns : 200;
    }

    private static string OneLine(string message) =>
        string.Join(" ", message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    /// <summary>Parses a word into an enum value, case-insensitively, listing the choices when it fails.</summary>
    public static Argument<T> EnumArgument<T>(string name, string description) where T : struct, Enum
    {
        var names = Enum.GetNames<T>().Select(n => n.ToLowerInvariant()).ToArray();
        return new Argument<T>(name)
        {
            Description = $"{description} One of: {string.Join(", ", names)}.",
            CustomParser = result =>
            {
                var word = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
                if (Enum.TryParse<T>(word, ignoreCase: true, out var value) && Enum.IsDefined(value) && !int.TryParse(word, out _))
                    return value;
                result.AddError($"Unknown {name} '{word}': use {string.Join(", ", names)}.");
                return default;
            },
        };
    }

    /// <summary>An option whose value must lie in [min, max]; the parser reports a value outside it.</summary>
    public static Option<T> Ranged<T>(string name, string description, T min, T max, T? defaultValue = null)
        where T : struct, IComparable<T>
    {
        var option = new Option<T>(name) { Description = description };
        if (defaultValue is { } d)
            option.DefaultValueFactory = _ => d;
        option.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<T>();
            if (value.CompareTo(min) < 0 || value.CompareTo(max) > 0)
                result.AddError($"{name} must be from {min} to {max}, not {value}.");
        });
        return option;
    }

    /// <summary>A comma-separated list of positive integers ("1,2,4"); anything else is a clear error naming the option.</summary>
    public static int[] IntList(string name, string text)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        var values = new int[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            if (!int.TryParse(parts[i], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out values[i]) || values[i] < 1)
                throw new PigmentException($"{name} takes positive whole numbers separated by commas (e.g. 1,2,4), not '{text}'.");
        }
        return values;
    }

    /// <summary>A warning on standard error: the command goes on.</summary>
    public static void Warn(string text) => Console.Error.WriteLine($"pigment: warning: {text}");

    /// <summary>Writes markup-free text safely through Spectre.Console.</summary>
    public static void Line(string text) => AnsiConsole.Console.Profile.Out.Writer.WriteLine(text);
}
