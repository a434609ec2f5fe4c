"""MarketSim's Python SDK: a synchronous :class:`Client`, an asyncio :class:`AsyncClient`, live
:class:`Stream` s, typed models and typed errors.

    from marketsim import Client
    with Client("http://127.0.0.1:8080") as client:
        client.register("my-agent", "a-secret")
        order = client.buy("FUN", 10, "99.50")
"""
from .client import AsyncClient, Client
from .errors import (AuthenticationError, Conflict, InsufficientFunds, InvalidRequest, MarketSimError, NotFound,
                     PermissionDenied, RateLimited, ServerError, TradingHalted)
from .models import (APIKey, Bracket, Candle, EquityPoint, Fill, Holding, LeaderboardRow, Leg, Level, NewsItem, Order,
                     OrderBook, OrderPreview, Portfolio, PriceAlert, Quote, Registration, Standing, Standings, TapeTrade, TickerDetail, Tournament, UserTrade, Venue)
from .streams import Stream
from .webhooks import verify_webhook

__all__ = [
    "Client", "AsyncClient", "Stream", "verify_webhook",
    "MarketSimError", "InvalidRequest", "InsufficientFunds", "TradingHalted", "AuthenticationError",
    "PermissionDenied", "NotFound", "Conflict", "RateLimited", "ServerError",
    "APIKey", "Bracket", "Candle", "EquityPoint", "Fill", "Holding", "LeaderboardRow", "Leg", "Level", "NewsItem", "Order", "OrderBook", "OrderPreview",
    "Portfolio", "PriceAlert", "Quote", "Registration", "Standing", "Standings", "TapeTrade", "TickerDetail", "Tournament", "UserTrade", "Venue",
]
