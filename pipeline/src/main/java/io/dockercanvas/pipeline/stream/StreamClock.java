package io.dockercanvas.pipeline.stream;

/**
 * How the collector stream reads time and waits: between pumps, during backoff and while draining.
 * Tests pass one whose time moves only when something waits on it, so backoffs can be checked
 * exactly and fast.
 */
interface StreamClock {

  StreamClock SYSTEM =
      new StreamClock() {
        @Override
        public long nanoTime() {
          return System.nanoTime();
        }

        @Override
        public void sleep(long millis) throws InterruptedException {
          Thread.sleep(millis);
        }
      };

  long nanoTime();

  void sleep(long millis) throws InterruptedException;
}
