namespace Pigment.Core;

/// <summary>
/// An error the user can fix: a missing file, a file that is not an image, a number out of range, an unknown
/// model. Its message is one complete sentence; the command line prints it as one line and exits non-zero.
/// </summary>
public sealed class PigmentException : Exception
{
    public PigmentException(string message) : base(message) { }

    public PigmentException(string message, Exception inner) : base(message, inner) { }
}
