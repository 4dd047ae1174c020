using System.Data.Common;
using JasperFx.Events;
using Npgsql;
using NpgsqlTypes;
using Weasel.Core;

namespace CloudNet.Networks;

/// <summary>
/// <c>select … for no key update</c> of one event stream's row, as an operation of the session's batch. Marten runs
/// the operations whose document type is <see cref="IEvent"/> first and in the order they were queued, and builds its
/// event appends only when the session is saved: queued before them, this lock is the batch's first statement.
/// </summary>
public sealed class LockStreamRow(string schema, Guid streamId) : Weasel.Storage.IStorageOperation
{
    public Type DocumentType => typeof(IEvent);

    public OperationRole Role() => OperationRole.Other;

    public void ConfigureCommand(ICommandBuilder builder, Weasel.Storage.IStorageSession session)
    {
        var id = (NpgsqlParameter)builder.AppendWithDbParameters($"select 1 from {schema}.mt_streams where id = ? for no key update")[0];
        id.NpgsqlDbType = NpgsqlDbType.Uuid;
        id.Value = streamId;
    }

    public Task PostprocessAsync(DbDataReader reader, IList<Exception> exceptions, CancellationToken token) => Task.CompletedTask;
}
