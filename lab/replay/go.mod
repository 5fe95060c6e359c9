module winship.test/replay

go 1.19
