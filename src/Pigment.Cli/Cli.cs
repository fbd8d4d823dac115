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
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            error.WriteLine($"pigment: {parse.Errors[0].Message} (see 'pigment --help')");
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
            error.WriteLine($"pigment: {e.Message}");
            return Failure;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            error.WriteLine($"pigment: unexpected {e.GetType().Name}: {e.Message.ReplaceLineEndings(" ")}");
            if (Environment.GetEnvironmentVariable("PIGMENT_DEBUG") == "1")
                error.WriteLine(e);
            return Failure;
        }
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

    /// <summary>Writes markup-free text safely through Spectre.Console.</summary>
    public static void Line(string text) => AnsiConsole.Console.Profile.Out.Writer.WriteLine(text);
}
