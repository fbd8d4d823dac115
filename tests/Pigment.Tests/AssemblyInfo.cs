// Tests run one at a time: torch's global generator (weight initialisation after torch.manual_seed, dropout) is
// process-wide, so two tests seeding and drawing from it at once would each see the other's draws, and the
// bit-for-bit resume and seeding tests would fail at random.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
