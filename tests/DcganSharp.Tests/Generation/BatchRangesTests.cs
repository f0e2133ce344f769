using DcganSharp.Generation;
using Xunit;

namespace DcganSharp.Tests.Generation;

public sealed class BatchRangesTests
{
    [Fact]
    public void Batches_cover_every_item_once_and_train_mode_never_gets_a_batch_of_one()
    {
        Assert.Equal([(0L, 4), (4L, 4), (8L, 1)], BatchRanges.Split(9, 4));
        Assert.Equal([(0L, 4), (4L, 5)], BatchRanges.Split(9, 4, noSingletons: true));
        Assert.Equal([(0L, 3)], BatchRanges.Split(3, 2, noSingletons: true));
        Assert.Empty(BatchRanges.Split(0, 4));
    }
}
