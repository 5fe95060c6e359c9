module github.com/winship/hello-service

go 1.19
