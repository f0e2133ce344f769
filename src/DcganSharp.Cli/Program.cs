using DcganSharp.Cli;

return DcganCli.Run(args, Console.Out, Console.Error);
