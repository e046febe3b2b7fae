print("kaohe")
