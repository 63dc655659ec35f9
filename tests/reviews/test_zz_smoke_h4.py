import time


def test_it_times(ml_lens, workload, clients):
    t = time.time()
    from tests.reviews.factories import WorkloadFactory
    from tests.fixtures.users import UserFactory

    w = WorkloadFactory(owner=UserFactory(username="zed"), lenses=[ml_lens])
    print("ml workload", time.time() - t)
    r = clients["owner"].get(f"/api/v1/workloads/{workload.pk}/reviews/tricky-rules-lens/")
    print(r.status_code, r.json())
    r = clients["anonymous"].get(f"/api/v1/workloads/{workload.pk}/")
    print(r.status_code, r.json(), dict(r.headers))
    r = clients["owner"].get(f"/api/v1/workloads/?has_high_risks=maybe")
    print(r.status_code, r.json())
    r = clients["owner"].get(f"/api/v1/workloads/?environment=maybe")
    print(r.status_code, r.json())
    r = clients["owner"].options(f"/api/v1/workloads/{workload.pk}/")
    print(r.status_code, r.json(), r.headers.get("Allow"))
