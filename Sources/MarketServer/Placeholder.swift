import MarketCore
