using CloudNet.Hosting;
using JasperFx;

var builder = WebApplication.CreateBuilder(args);
builder.AddCloudNet();
CloudNet.History.Replay.HistoryExportCommand.KeepStandardOutputForTheLog(builder, args);

var app = builder.Build();
app.UseCloudNet();

// Enables the JasperFx CLI: codegen, db-apply, projections rebuild, resources, describe.
return await app.RunJasperFxCommands(args);

public partial class Program;
