using System.Diagnostics.CodeAnalysis;
using CloudNet.Networks;
using JasperFx.Events;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using JasperFx.Events.Subscriptions;
using Marten;
using Marten.Events;
using Marten.Events.Projections;
using Marten.Storage;
using Weasel.Core;
using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace CloudNet.History.Holdings;

/// <summary>
/// The temporal read model of address holdings: one row per interval in which one holder held one address of
/// one network (or floating pool), opened by the assignment and closed by the release. "Who held A at T" is an
/// index lookup on (address, network, from) whatever the length of the log. Inline, so the row is there when the
/// command's response is; rebuilt from the events like every other read model.
/// </summary>
/// <remarks>Only what an event carries when it is projected inline is stored (its time, request id and user; not
/// its global sequence, which an inline projection does not know yet), so a rebuild writes the same rows.</remarks>
/// <remarks>
/// A holder holds an address at most once in its life (ports, private IPs, shared IPs and floating IPs are
/// never re-addressed), so (network, address, holder) identifies an interval and the release can close it
/// without reading it first. The partial unique index refuses a second open interval of one address: the
/// database's own last line of defence against a double allocation, whatever the code above it does.
/// </remarks>
/// <remarks>
/// Not an <see cref="EventProjection"/> with one SQL statement per event: a rebuild hands the projection a page of
/// events at a time, and one statement per event was most of the rebuild's time (docs/performance.md, "Rebuild").
/// The events of a call (a command's, inline; a page, on a rebuild) become a few set-based statements instead
/// (<see cref="HoldingChanges"/>), which write the same rows and fail on the same logs as the statements in event
/// order did. The projection keeps the name it had as an event projection (its progress row and
/// <c>projections rebuild --projection</c> use it).
/// </remarks>
public sealed class AddressHoldingsProjection : ProjectionWrapper<IDocumentOperations, IQuerySession>, IProjectionSchemaSource,
    ISubscriptionFactory<IDocumentOperations, IQuerySession>
{
    public const string TableName = "address_holdings";
    readonly Table definition;
    readonly Writer writer;

    public AddressHoldingsProjection(string schema) : this(Table(schema))
    {
    }

    AddressHoldingsProjection(Table definition) : this(definition, new Writer(definition.Identifier.QualifiedName))
    {
    }

    AddressHoldingsProjection(Table definition, Writer writer) : base(writer, ProjectionLifecycle.Inline)
    {
        this.definition = definition;
        this.writer = writer;
        Name = typeof(AddressHoldingsProjection).FullName!;
        foreach (var type in HoldingChanges.EventTypes) IncludeType(type);
        Options.DeleteDataInTableOnTeardown(definition.Identifier.QualifiedName);
    }

    IEnumerable<ISchemaObject> IProjectionSchemaSource.CreateSchemaObjects(EventGraph events) => [definition];

    // A rebuild replays the log through the execution built here. It is the daemon's own page-by-page execution, but for
    // a replay from the start (a rebuild) it hands the daemon an AddressHoldingsReplay, which does the whole log in one
    // pass of its own: see there.
    ISubscriptionExecution ISubscriptionFactory<IDocumentOperations, IQuerySession>.BuildExecution(
        IEventStore<IDocumentOperations, IQuerySession> store, IEventDatabase database, ILoggerFactory loggerFactory, ShardName shardName) =>
        new Execution(shardName, Options, store, database, writer, loggerFactory.CreateLogger<AddressHoldingsProjection>(), definition);

    ISubscriptionExecution ISubscriptionFactory<IDocumentOperations, IQuerySession>.BuildExecution(
        IEventStore<IDocumentOperations, IQuerySession> store, IEventDatabase database, ILogger logger, ShardName shardName) =>
        new Execution(shardName, Options, store, database, writer, logger, definition);

    sealed class Execution : ProjectionExecution<IDocumentOperations, IQuerySession>
    {
        readonly AddressHoldingsReplay replay;

        public Execution(ShardName shardName, AsyncOptions options, IEventStore<IDocumentOperations, IQuerySession> store,
            IEventDatabase database, Writer writer, ILogger logger, Table definition)
            : base(shardName, options, store, database, writer, logger) =>
            replay = new AddressHoldingsReplay((IDocumentStore)store, (IMartenDatabase)database, definition.Identifier.QualifiedName, logger);

        public override bool TryBuildReplayExecutor([NotNullWhen(true)] out IReplayExecutor? executor)
        {
            executor = replay;
            return true;
        }
    }

    public static Table Table(string schema)
    {
        var t = new Table(new PostgresqlObjectName(schema, TableName, SchemaUtils.IdentifierUsage.General));
        t.AddColumn("network_id", "uuid").AsPrimaryKey();
        t.AddColumn("address", "inet").AsPrimaryKey();
        t.AddColumn("holder_id", "uuid").AsPrimaryKey();
        t.AddColumn("holder_kind", "text").NotNull();
        t.AddColumn("device_id", "uuid");
        t.AddColumn("tenant_id", "text").NotNull();
        t.AddColumn("from_at", "timestamp with time zone").NotNull();
        t.AddColumn("from_request", "text");
        t.AddColumn("from_user", "text");
        t.AddColumn("to_at", "timestamp with time zone");
        t.AddColumn("to_request", "text");
        t.AddColumn("to_user", "text");
        // "Who held A at T" reads the last interval of A (per network) that began by T: one descent of this index.
        t.Indexes.Add(new IndexDefinition($"ix_{TableName}_address_network_from") { Columns = ["address", "network_id", "from_at"] });
        t.Indexes.Add(new IndexDefinition($"ix_{TableName}_holder") { Columns = ["holder_id"] });
        t.Indexes.Add(new IndexDefinition($"ux_{TableName}_current")
        {
            Columns = ["network_id", "address"], IsUnique = true, Predicate = "to_at is null",
        });
        return t;
    }

    /// <summary>Turns the events of one call into opened and closed intervals, in event order, then into SQL.</summary>
    internal sealed class Writer(string table) : IProjection
    {
        public Task ApplyAsync(IDocumentOperations operations, IReadOnlyList<IEvent> events, CancellationToken cancellation)
        {
            var changes = new HoldingChanges();
            foreach (var e in events) changes.Add(e.Data, e.StreamId, e.Timestamp, e.CorrelationId, e.UserName);
            changes.Queue(operations, table);
            return Task.CompletedTask;
        }
    }
}

/// <summary>What holds an address, as history names it; the same words as <see cref="AddressHolder"/>.</summary>
public static class HolderKinds
{
    public const string FloatingIp = "floating-ip";
}
