//! Fleets (issue #21): acme nodes with their own config dirs and web roots sharing lineages,
//! accounts, locks and http-01 answers through a real three-member etcd cluster on loopback.

use std::time::{Duration, Instant};

use crate::support::etcd::EtcdCluster;

#[test]
fn the_etcd_harness_elects_a_new_leader_when_the_leader_is_killed() {
    let mut etcd = EtcdCluster::start(3);
    assert_eq!(etcd.endpoints().len(), 3);
    assert!(etcd.url("p").ends_with("/p"), "{}", etcd.url("p"));
    let leader = etcd.leader().expect("a leader");
    etcd.kill(leader);
    let deadline = Instant::now() + Duration::from_secs(20);
    let next = loop {
        if let Some(l) = etcd.leader() {
            break l;
        }
        assert!(Instant::now() < deadline, "no new leader\n{}", etcd.logs());
        std::thread::sleep(Duration::from_millis(100));
    };
    assert_ne!(next, leader);
    etcd.restart(leader);
    assert!(etcd.leader().is_some());
    assert!(etcd.dump("nothing/").is_empty());
}
