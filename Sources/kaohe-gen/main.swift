print("kaohe-gen: not built yet")
