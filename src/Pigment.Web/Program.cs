using Pigment.Core;

namespace Pigment.Web;

/// <summary>
/// Runs the server alone (<c>dotnet Pigment.Web.dll --Pigment:Port=7860</c>); <c>pigment serve</c> is the usual way.
/// </summary>
public sealed class Program
{
    public static int Main(string[] args)
    {
        try
        {
            var app = PigmentServer.Build(args);
            app.Run();
            return 0;
        }
        catch (PigmentException e)
        {
            Console.Error.WriteLine($"pigment: {e.Message}");
            return 2;
        }
    }
}
