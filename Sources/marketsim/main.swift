print("marketsim")
