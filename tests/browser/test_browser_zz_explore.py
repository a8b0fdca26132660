import time
def test_explore(page, world, live_server, screenshot):
    page.goto("/logboek/vandaag/")
    for e in page.evaluate("performance.getEntries().map(e => [e.name.slice(-50), Math.round(e.startTime), Math.round(e.duration), e.transferSize||0])"):
        print(e)
    t=time.perf_counter()
    page.goto("/logboek/"); print("goto2", time.perf_counter()-t)
