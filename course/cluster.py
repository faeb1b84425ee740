"""The Dask cluster that runs ``course autograde``'s jobs, and the loop that keeps its workers busy.

By default a ``LocalCluster`` of single-threaded worker processes on this machine; with
``--scheduler ADDRESS`` (or Dask's own ``scheduler-address`` setting) a cluster already running
there: lab machines, or one made by dask-jobqueue (SLURM, PBS) or dask-kubernetes (see the instructor
guide). :func:`run_jobs` submits one job per submission (:func:`course.worker.grade`) and records
each result in the main gradebook as it arrives, this process being its only writer.
"""

import logging

from course.jobs import submission_files


class Cluster:
    """The Dask cluster that runs the grading jobs: a ``LocalCluster`` of ``workers`` single-threaded
    processes, or the scheduler at ``address`` (lab machines, dask-jobqueue, dask-kubernetes).

    Started in a thread (``start()``) so the workers start and import nbgrader while this process
    prepares the gradebook; ``client()`` waits for it.
    """

    def __init__(self, workers, address=None):
        import threading

        self.workers, self.address, self.error = workers, address, None
        self.local = self._client = None
        self._thread = threading.Thread(target=self._start, daemon=True)

    def start(self):
        self._thread.start()
        return self

    def _start(self):
        try:
            import dask
            from distributed import Client, LocalCluster

            if self.address:
                self._client = Client(self.address, timeout="30s")
            else:
                # memory_limit=0: the sandbox limits the student's kernel; the nanny must not kill a worker
                # for the memory its kernels use. No dashboard; the scheduler's own HTTP server (health
                # checks) and every port on 127.0.0.1 only, chosen by the system. Dask's defaults that cost
                # a grading worker time and serve nothing here: the stack profiler that samples the job's thread
                # every 10 ms (for a dashboard that is off), and the environment a nanny sets before it starts
                # its worker (MALLOC_TRIM_THRESHOLD_=65536 makes malloc hand memory back to the system after
                # each large free; the kernels get their own environment from the sandbox anyway).
                dask.config.set({"distributed.worker.profile.enabled": False,
                                 "distributed.nanny.pre-spawn-environ": {}})
                self.local = LocalCluster(n_workers=self.workers, threads_per_worker=1, processes=True,
                                          memory_limit=0, host="127.0.0.1", scheduler_port=0,
                                          dashboard_address="127.0.0.1:0", scheduler_kwargs={"dashboard": False},
                                          silence_logs=logging.ERROR)
                self._client = Client(self.local)
            self._client.run(_warm_up)
        except Exception as err:  # reported by client()
            self.error = err

    def client(self):
        self._thread.join()
        if self.error is not None:
            where = f"the Dask scheduler at {self.address}" if self.address else "a local Dask cluster"
            raise RuntimeError(f"could not start or reach {where}: {type(self.error).__name__}: {self.error}")
        return self._client

    def close(self):
        self._thread.join()
        if self._client is not None:
            self._client.close()
        if self.local is not None:
            self.local.close()


def _warm_up():
    """Run on every worker as it joins: the slow imports, before the first job."""
    from course.speedups import skip_iri_format_checker

    skip_iri_format_checker()
    import nbgrader.converters  # noqa: F401

    import course.judge  # noqa: F401
    return True


def run_jobs(client, course, jobs, pkg, flags):
    """Grade ``jobs`` [(student, assignment)] on the cluster of ``client``; record each result in the
    main gradebook as it arrives (this process is its only writer).

    As many jobs are in flight as the cluster has workers: a free worker gets the next submission
    (one at a time, so long and short submissions balance out, and a worker's death concerns the one job
    it was running). Every worker checks its sandbox before its first job: a sandbox that does not work
    stops the run (:class:`course.worker.SandboxBroken`; normally before anything is graded). A worker
    that dies mid-job has its job run again elsewhere by Dask (``distributed.scheduler.allowed-failures``
    times); a job that still cannot finish is reported. Returns [(assignment, student, why)] not graded
    through no fault of the student's (their earlier grades are kept).
    """
    from nbgrader.api import Gradebook

    from course import worker
    from course.merge import record, record_missing
    from course.paths import COURSE_ID

    failures = []
    queue = list(reversed(jobs))
    running = {}
    with Gradebook(course.db_url, COURSE_ID) as gb:
        for student in sorted({s for s, _ in jobs}):  # so a submission never graded still has its row
            gb.update_or_create_student(student)
        while queue or running:
            while queue and len(running) < _slots(client):
                student, asg = queue.pop()
                files = submission_files(course, student, asg, flags)
                if not files:
                    record_missing(gb, course, student, asg)  # nothing to run: the student's 0, recorded here
                    continue
                # the package travels with each job (no shared Dask dependency: a task whose input lives on one
                # worker is sent to that worker, and the others would idle); a worker sets it up once
                future = client.submit(worker.grade, pkg, student, asg, files, pure=False,
                                       key=f"grade-{student}-{asg}-{pkg['key'][:8]}")
                running[future] = (student, asg)
            if not running:
                break
            for future in _first_completed(client, list(running)):
                student, asg = running.pop(future)
                try:
                    done = future.result()
                except Exception as err:  # KilledWorker (workers died on it each time) or a crash in the task
                    failures.append((asg, student, f"the grader failed: {type(err).__name__}: {err}"[:400]))
                    continue
                if done.get("broken"):
                    client.cancel(list(running))
                    raise worker.SandboxBroken(f"{done['broken']} (on a grading worker; nothing more is graded)")
                if done["failed"] or done["scores"] is None:
                    # the grader's failure, not the student's: keep whatever grade was there
                    failures.append((asg, student, done["failed"] or "nbgrader recorded no grade"))
                else:
                    record(gb, course, student, asg, done["scores"], done["files"])
    return failures


def _slots(client):
    """How many jobs to keep in flight: one per worker of the cluster now (at least 1)."""
    if hasattr(client, "slots"):
        return client.slots()
    return max(1, len(client.nthreads()))


def _first_completed(client, futures):
    """The futures among ``futures`` that are done, waiting for at least one (Dask's or the client's own
    ``wait``: the benchmarks use an executor that is not Dask's)."""
    if hasattr(client, "first_completed"):
        return client.first_completed(futures)
    from distributed import wait

    return wait(futures, return_when="FIRST_COMPLETED").done


def scheduler_address(args=None):
    """``--scheduler``, else Dask's own setting (``DASK_SCHEDULER_ADDRESS`` or its config file), else None
    (a local cluster)."""
    import dask

    return getattr(args, "scheduler", None) or dask.config.get("scheduler-address", None) or None
