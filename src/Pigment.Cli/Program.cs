using Pigment.Cli;

return Cli.Run(PigmentCommands.Root(), args);
