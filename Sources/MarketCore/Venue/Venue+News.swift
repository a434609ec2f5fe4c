extension Venue {
    /// Publishes `news` at `time`. It changes no account or book: the journal keeps it so that everyone reads
    /// the same headlines at the same place in the venue's history. A ticker it names must be listed.
    public func publish(_ news: NewsItem, at time: Timestamp) throws(VenueError) -> Event {
        if let ticker = news.ticker {
            guard let cell = cell(for: ticker), !cell.market.withLock({ $0.isDelisted }) else {
                throw .unknownTicker(ticker)
            }
        }
        return Event(sequence: allocate(1), timestamp: time, kind: .newsPublished(news))
    }
}
