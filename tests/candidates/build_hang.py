# Never finishes importing (a build that hangs).
import time

while True:
    time.sleep(1)
