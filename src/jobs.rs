//! A job queue: runs jobs — certificate requests, typically — on at most a fixed number of
//! threads at a time, and reports each job's result to its own callback.
//!
//! A job starts at once when fewer than `max_parallel` jobs are running, otherwise after the
//! running ones, in the order the jobs were submitted. Its callback runs on the same thread
//! right after it, with the job's result — or with a [`Panicked`] error if the job panicked,
//! so no result is ever lost. Nothing here is async and nothing polls: idle threads end, and
//! the queue starts a new one when work arrives.
//!
//! ```
//! use acme::jobs::Queue;
//! use std::sync::mpsc;
//!
//! let queue = Queue::new(2);
//! let (tx, rx) = mpsc::channel();
//! for name in ["a.example", "b.example", "c.example"] {
//!     let tx = tx.clone();
//!     // In real use the job orders a certificate for `name` (see examples/quick.rs).
//!     queue.submit(
//!         move || Ok(format!("certificate for {name}")),
//!         move |result| tx.send(result.map_err(|e| e.to_string())).unwrap(),
//!     );
//! }
//! queue.wait();
//! let (active, pending) = queue.counts();
//! assert_eq!((active, pending), (0, 0));
//! let mut done: Vec<_> = rx.try_iter().map(Result::unwrap).collect();
//! done.sort();
//! assert_eq!(done[0], "certificate for a.example");
//! assert_eq!(done.len(), 3);
//! ```

use anyhow::Result;
use std::collections::VecDeque;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::thread::JoinHandle;

/// One queued job with its callback: called with `None` to run the job, or with the error
/// that kept it from running (a worker thread could not be started).
type Task = Box<dyn FnOnce(Option<anyhow::Error>) + Send>;

/// Runs submitted jobs on at most `max_parallel` threads at once, in submission order, and
/// hands each result to the job's callback.
///
/// Dropping the queue waits for every job submitted so far, pending ones included, as
/// [`Queue::wait`] does. A `Queue` is `Send` and `Sync`: share it through an `Arc` to submit
/// from several threads, or from a callback.
pub struct Queue {
    shared: Arc<Shared>,
    max_parallel: usize,
}

struct Shared {
    state: Mutex<State>,
    /// Signalled when the last job finishes and nothing is pending.
    idle: Condvar,
}

#[derive(Default)]
struct State {
    pending: VecDeque<Task>,
    /// Worker threads, each running a job (callback included) or about to take one.
    active: usize,
    /// Pending tasks promised to workers that are starting: each such worker counts in
    /// `active` and takes one task first thing, so its task no longer counts as pending.
    /// Other workers take only tasks beyond these, so `reserved <= pending.len()`.
    reserved: usize,
    /// Worker threads started and not yet joined.
    workers: Vec<JoinHandle<()>>,
}

/// The error a callback receives when its job panicked: the panic's message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Panicked {
    /// The panic's message (its payload, when that is a string).
    pub message: String,
}

impl std::fmt::Display for Panicked {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "the job panicked: {}", self.message)
    }
}

impl std::error::Error for Panicked {}

impl Queue {
    /// A queue that runs at most `max_parallel` jobs at once (0 counts as 1). No thread is
    /// started until a job is submitted.
    pub fn new(max_parallel: usize) -> Queue {
        Queue {
            shared: Arc::new(Shared {
                state: Mutex::new(State::default()),
                idle: Condvar::new(),
            }),
            max_parallel: max_parallel.max(1),
        }
    }

    /// The most jobs this queue runs at once.
    pub fn max_parallel(&self) -> usize {
        self.max_parallel
    }

    /// Queues `job`: it runs at once if fewer than [`Queue::max_parallel`] jobs are running,
    /// otherwise after the jobs submitted before it have started. `callback` then receives its
    /// result on the job's thread — an `Err` holding [`Panicked`] if the job panicked — or, if
    /// no thread could be started to run the job, the error saying so, on the calling thread.
    ///
    /// Returns the number of jobs queued (running or waiting), this one included — or 0 when
    /// no thread could be started to run it (its callback has then been told why).
    ///
    /// A callback may submit further jobs to the same queue, but must not [`Queue::wait`] on
    /// it: it would wait for itself. A callback that panics is not reported anywhere else (the
    /// panic hook has printed it); the queue carries on with the other jobs.
    pub fn submit<T, J, C>(&self, job: J, callback: C) -> usize
    where
        T: 'static,
        J: FnOnce() -> Result<T> + Send + 'static,
        C: FnOnce(Result<T>) + Send + 'static,
    {
        let task: Task = Box::new(move |cannot_run: Option<anyhow::Error>| {
            let result = match cannot_run {
                Some(e) => Err(e),
                None => catch_unwind(AssertUnwindSafe(job))
                    .unwrap_or_else(|payload| Err(Panicked::from_payload(payload).into())),
            };
            // Only the panic hook's report of a panicking callback is kept: the worker lives on.
            let _ = catch_unwind(AssertUnwindSafe(|| callback(result)));
        });
        let mut state = self.shared.lock();
        state.pending.push_back(task);
        state.workers.retain(|w| !w.is_finished());
        if state.active < self.max_parallel {
            state.active += 1;
            state.reserved += 1;
            let shared = Arc::clone(&self.shared);
            let spawned = std::thread::Builder::new()
                .name("acme-job".into())
                .spawn(move || shared.work());
            match spawned {
                Ok(handle) => state.workers.push(handle),
                Err(e) => {
                    state.active -= 1;
                    state.reserved -= 1;
                    // With another worker alive the job waits for it; with none it would wait
                    // forever, so everything pending is told why it cannot run.
                    if state.active == 0 {
                        let stranded: Vec<Task> = state.pending.drain(..).collect();
                        drop(state);
                        let reason = format!("cannot start a thread for the job: {e}");
                        for task in stranded {
                            task(Some(anyhow::anyhow!("{reason}")));
                        }
                        self.shared.idle.notify_all();
                        return 0;
                    }
                }
            }
        }
        state.active + state.waiting()
    }

    /// How many jobs are running (`active`, a callback being called counts as its job running)
    /// and how many wait to start (`pending`).
    pub fn counts(&self) -> (usize, usize) {
        let state = self.shared.lock();
        (state.active, state.waiting())
    }

    /// Blocks until every job submitted so far (and any that their callbacks submit) has
    /// finished and been reported, and the threads that ran them have ended.
    ///
    /// # Panics
    ///
    /// When called from one of this queue's own jobs or callbacks, which would wait for
    /// itself forever.
    pub fn wait(&self) {
        assert!(
            !self.shared.is_current_worker(),
            "Queue::wait called from one of the queue's own jobs or callbacks would wait for itself"
        );
        let mut state = self.shared.lock();
        while state.active > 0 || !state.pending.is_empty() {
            state = self
                .shared
                .idle
                .wait(state)
                .unwrap_or_else(|poisoned| poisoned.into_inner());
        }
        let workers = std::mem::take(&mut state.workers);
        drop(state);
        for worker in workers {
            // A worker catches every panic of its jobs and callbacks, so this cannot fail.
            let _ = worker.join();
        }
    }
}

impl Drop for Queue {
    /// Waits for every submitted job, as [`Queue::wait`] does — unless the queue is dropped by
    /// one of its own callbacks (which held the last handle to it): the remaining jobs then
    /// still run, on the threads already working.
    fn drop(&mut self) {
        if !self.shared.is_current_worker() {
            self.wait();
        }
    }
}

impl State {
    /// Tasks waiting for a worker: those no starting worker was promised.
    fn waiting(&self) -> usize {
        self.pending.len() - self.reserved
    }
}

thread_local! {
    /// The queue (its [`Shared::id`]) this thread works for, 0 for none.
    static WORKER_OF: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

impl Shared {
    /// This queue's identity while it lives: its address.
    fn id(&self) -> usize {
        self as *const Shared as usize
    }

    /// Whether the calling thread is one of this queue's workers.
    fn is_current_worker(&self) -> bool {
        WORKER_OF.get() == self.id()
    }

    /// The lock, whatever happened to another holder: no code panics while holding it.
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// A worker's life: take the task reserved for it, then run further tasks one after
    /// another, and end when none is left that another starting worker was promised. The
    /// worker was counted in `active` by whoever started it, and uncounts itself at the end.
    fn work(&self) {
        WORKER_OF.set(self.id());
        let mut starting = true;
        loop {
            let task = {
                let mut state = self.lock();
                let next = if starting {
                    state.reserved -= 1;
                    state.pending.pop_front()
                } else if state.waiting() > 0 {
                    state.pending.pop_front()
                } else {
                    None
                };
                starting = false;
                match next {
                    Some(task) => task,
                    None => {
                        state.active -= 1;
                        if state.active == 0 {
                            self.idle.notify_all();
                        }
                        return;
                    }
                }
            };
            task(None);
        }
    }
}

impl Panicked {
    fn from_payload(payload: Box<dyn std::any::Any + Send>) -> Panicked {
        let message = match payload.downcast::<String>() {
            Ok(s) => *s,
            Err(payload) => match payload.downcast::<&'static str>() {
                Ok(s) => s.to_string(),
                Err(_) => "(a panic without a message)".to_string(),
            },
        };
        Panicked { message }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::mpsc;
    use std::time::{Duration, Instant};

    /// A gate that jobs wait at until the test opens it.
    #[derive(Clone, Default)]
    struct Gate(Arc<(Mutex<bool>, Condvar)>);

    impl Gate {
        fn pass(&self) {
            let (open, cv) = &*self.0;
            let guard = open.lock().unwrap();
            let (_guard, timeout) = cv
                .wait_timeout_while(guard, Duration::from_secs(10), |open| !*open)
                .unwrap();
            assert!(!timeout.timed_out(), "the test never opened the gate");
        }

        fn open(&self) {
            let (open, cv) = &*self.0;
            *open.lock().unwrap() = true;
            cv.notify_all();
        }
    }

    /// Waits (bounded) until `cond` holds.
    fn eventually(what: &str, cond: impl Fn() -> bool) {
        let deadline = Instant::now() + Duration::from_secs(10);
        while !cond() {
            assert!(Instant::now() < deadline, "timed out waiting for {what}");
            std::thread::sleep(Duration::from_millis(1));
        }
    }

    #[test]
    fn jobs_start_in_submission_order_and_each_result_reaches_its_callback() {
        let queue = Queue::new(1);
        let (tx, rx) = mpsc::channel();
        for i in 0..10 {
            let tx = tx.clone();
            queue.submit(
                move || Ok(i * 10),
                move |r| tx.send((i, r.unwrap())).unwrap(),
            );
        }
        queue.wait();
        let got: Vec<_> = rx.try_iter().collect();
        let want: Vec<_> = (0..10).map(|i| (i, i * 10)).collect();
        assert_eq!(got, want);
    }

    #[test]
    fn no_more_than_max_parallel_jobs_run_at_once_and_that_many_do() {
        let queue = Queue::new(3);
        let gate = Gate::default();
        let running = Arc::new(AtomicUsize::new(0));
        let most = Arc::new(AtomicUsize::new(0));
        let finished = Arc::new(AtomicUsize::new(0));
        for _ in 0..12 {
            let (gate, running, most) = (gate.clone(), running.clone(), most.clone());
            let finished = finished.clone();
            queue.submit(
                move || {
                    let now = running.fetch_add(1, Ordering::SeqCst) + 1;
                    most.fetch_max(now, Ordering::SeqCst);
                    gate.pass();
                    std::thread::sleep(Duration::from_millis(2));
                    running.fetch_sub(1, Ordering::SeqCst);
                    Ok(())
                },
                move |r| {
                    r.unwrap();
                    finished.fetch_add(1, Ordering::SeqCst);
                },
            );
        }
        eventually("three jobs running", || running.load(Ordering::SeqCst) == 3);
        assert_eq!(queue.counts(), (3, 9));
        gate.open();
        queue.wait();
        assert_eq!(most.load(Ordering::SeqCst), 3);
        assert_eq!(finished.load(Ordering::SeqCst), 12);
        assert_eq!(queue.counts(), (0, 0));
    }

    #[test]
    fn submit_returns_the_number_queued_and_counts_split_active_from_pending() {
        let queue = Queue::new(2);
        let gate = Gate::default();
        let queued: Vec<usize> = (0..5)
            .map(|_| {
                let gate = gate.clone();
                queue.submit(
                    move || {
                        gate.pass();
                        Ok(())
                    },
                    |_| {},
                )
            })
            .collect();
        assert_eq!(queued, [1, 2, 3, 4, 5]);
        assert_eq!(queue.counts(), (2, 3));
        gate.open();
        queue.wait();
        assert_eq!(queue.counts(), (0, 0));
        // Idle again: the next job starts at once.
        assert_eq!(queue.submit(|| Ok(()), |_| {}), 1);
    }

    #[test]
    fn a_panicking_job_is_reported_to_its_callback_and_the_queue_carries_on() {
        let queue = Queue::new(1);
        let (tx, rx) = mpsc::channel();
        let tx2 = tx.clone();
        queue.submit(
            || -> Result<u32> { panic!("boom in job {}", 1) },
            move |r| {
                tx.send(r.map_err(|e| e.downcast::<Panicked>().unwrap()))
                    .unwrap()
            },
        );
        queue.submit(|| Ok(2), move |r| tx2.send(Ok(r.unwrap())).unwrap());
        queue.wait();
        let got: Vec<_> = rx.try_iter().collect();
        assert_eq!(
            got,
            vec![
                Err(Panicked {
                    message: "boom in job 1".into()
                }),
                Ok(2)
            ]
        );
    }

    #[test]
    fn a_panicking_callback_does_not_stop_the_queue() {
        let queue = Queue::new(1);
        let done = Arc::new(AtomicUsize::new(0));
        queue.submit(|| Ok(()), |_| panic!("boom in callback"));
        let d = done.clone();
        queue.submit(
            || Ok(()),
            move |_| {
                d.fetch_add(1, Ordering::SeqCst);
            },
        );
        queue.wait();
        assert_eq!(done.load(Ordering::SeqCst), 1);
        assert_eq!(queue.counts(), (0, 0));
    }

    #[test]
    fn dropping_the_queue_waits_for_pending_jobs() {
        let done = Arc::new(AtomicUsize::new(0));
        {
            let queue = Queue::new(2);
            for _ in 0..6 {
                let d = done.clone();
                queue.submit(
                    || {
                        std::thread::sleep(Duration::from_millis(1));
                        Ok(())
                    },
                    move |_| {
                        d.fetch_add(1, Ordering::SeqCst);
                    },
                );
            }
        }
        assert_eq!(done.load(Ordering::SeqCst), 6);
    }

    #[test]
    fn a_callback_may_submit_more_work_and_wait_covers_it() {
        let queue = Arc::new(Queue::new(2));
        let done = Arc::new(AtomicUsize::new(0));
        let (q, d) = (queue.clone(), done.clone());
        queue.submit(
            || Ok(()),
            move |_| {
                q.submit(
                    || Ok(()),
                    move |_| {
                        d.fetch_add(1, Ordering::SeqCst);
                    },
                );
            },
        );
        queue.wait();
        assert_eq!(done.load(Ordering::SeqCst), 1);
    }

    #[test]
    fn a_callback_holding_the_last_handle_drops_the_queue_without_waiting_for_itself() {
        let (go_tx, go_rx) = mpsc::channel::<()>();
        let (done_tx, done_rx) = mpsc::channel();
        let queue = Arc::new(Queue::new(1));
        let q = queue.clone();
        queue.submit(
            || Ok(()),
            move |_| {
                go_rx.recv_timeout(Duration::from_secs(10)).unwrap();
                assert_eq!(Arc::strong_count(&q), 1, "the test let go first");
                drop(q);
                done_tx.send("dropped").unwrap();
            },
        );
        drop(queue);
        go_tx.send(()).unwrap();
        let got = done_rx.recv_timeout(Duration::from_secs(10));
        assert_eq!(got, Ok("dropped"));
    }

    #[test]
    fn zero_parallelism_means_one() {
        assert_eq!(Queue::new(0).max_parallel(), 1);
    }
}
