/*
 * What naming the asset map's clusters costs (map.js clusterMarker): a cluster's accessible
 * name says "inzoomen" or "toon de lijst", so each cluster marker made asks its index
 * getClusterExpansionZoom once. This times that for every cluster in view of the benchmark's
 * 10,620 points (7 kinds, one Supercluster index each, as map.js builds them) at zooms 12-15,
 * against getClusters for the same view (what every move costs anyway).
 *
 *   node benchmarks/assets/bench_cluster_names.js
 *
 * Uses the vendored opbouw/static/vendor/supercluster; reports wall and CPU time (ms).
 */
"use strict";
const fs = require("fs");
const path = require("path");
const vm = require("vm");

const root = path.resolve(__dirname, "..", "..");
const context = { performance, console };
vm.createContext(context);
vm.runInContext(
  fs.readFileSync(path.join(root, "opbouw/static/vendor/supercluster/supercluster.min.js"), "utf8") +
    ";this.Supercluster = Supercluster;",
  context,
);
const Supercluster = context.Supercluster;

let seed = 4; // reproducible points in Hengelo's extent
function random() {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648;
}
const KINDS = 7;
const POINTS = 10620;
const indexes = [];
for (let kind = 0; kind < KINDS; kind += 1) {
  const features = [];
  for (let i = 0; i < Math.round(POINTS / KINDS); i += 1) {
    features.push({ type: "Feature", geometry: { type: "Point", coordinates: [6.72 + random() * 0.12, 52.22 + random() * 0.08] }, properties: {} });
  }
  indexes.push(new Supercluster({ radius: 50, extent: 256, maxZoom: 19 }).load(features));
}

const REPEAT = 20;
function cpuMs(start) {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}
for (const zoom of [12, 13, 14, 15]) {
  const bbox = [6.6, 52.1, 6.9, 52.4];
  let wall = performance.now();
  let cpu = process.cpuUsage();
  const clusters = [];
  for (let r = 0; r < REPEAT; r += 1) {
    clusters.length = 0;
    for (const index of indexes) {
      for (const item of index.getClusters(bbox, zoom)) {
        if (item.properties.cluster) clusters.push([index, item.properties.cluster_id]);
      }
    }
  }
  const clustersWall = (performance.now() - wall) / REPEAT;
  const clustersCpu = cpuMs(cpu) / REPEAT;
  wall = performance.now();
  cpu = process.cpuUsage();
  for (let r = 0; r < REPEAT; r += 1) {
    for (const [index, id] of clusters) index.getClusterExpansionZoom(id);
  }
  const namesWall = (performance.now() - wall) / REPEAT;
  const namesCpu = cpuMs(cpu) / REPEAT;
  console.log(
    `zoom ${zoom}: ${clusters.length} clusters; getClusters ${clustersWall.toFixed(1)} ms wall / ${clustersCpu.toFixed(1)} ms CPU; ` +
      `naming all of them ${namesWall.toFixed(1)} ms wall / ${namesCpu.toFixed(1)} ms CPU`,
  );
}
