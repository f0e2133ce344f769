using DcganSharp.Generation;

namespace DcganSharp.Serve.Generation;

/// <summary>Work waiting in the <see cref="GenerationQueue"/>, without its result type.</summary>
internal abstract class GenerationJob
{
    public abstract CancellationToken Cancellation { get; }

    /// <summary>Runs the work on a worker thread and keeps its outcome; the caller sees nothing until <see cref="Publish"/>.</summary>
    public abstract void Execute(ImageSampler sampler, Action? before);

    /// <summary>Hands the outcome to the waiting caller.</summary>
    public abstract void Publish();

    /// <summary>The caller went away before a worker reached the job.</summary>
    public abstract void Abandon();
}

/// <summary>A job whose result (or failure) completes the caller's task.</summary>
internal sealed class GenerationJob<T>(Func<ImageSampler, T> work, CancellationToken cancellation) : GenerationJob
{
    // Continuations run off the worker thread, which goes straight back to generating.
    readonly TaskCompletionSource<T> completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    T? result;
    Exception? failure;

    public Task<T> Task => completion.Task;

    public override CancellationToken Cancellation => cancellation;

    public override void Execute(ImageSampler sampler, Action? before)
    {
        try
        {
            before?.Invoke();
            result = work(sampler);
        }
        catch (Exception e)
        {
            failure = e;
        }
    }

    public override void Publish()
    {
        if (failure is not null)
            completion.TrySetException(failure);
        else
            completion.TrySetResult(result!);
    }

    public override void Abandon() => completion.TrySetCanceled(cancellation);
}
