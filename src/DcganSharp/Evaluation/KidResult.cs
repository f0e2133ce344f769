namespace DcganSharp.Evaluation;

/// <summary>KID over <see cref="Subsets"/> random subsets of <see cref="SubsetSize"/> images: mean and (population) standard deviation.</summary>
internal sealed record KidResult(double Mean, double Std, int Subsets, int SubsetSize);
